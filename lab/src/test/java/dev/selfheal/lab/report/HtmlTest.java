package dev.selfheal.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesTheFiveMarkupCharacters() {
        assertThat(Html.escape("a & b < c > d \" e ' f")).isEqualTo("a &amp; b &lt; c &gt; d &quot; e &#39; f");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void controlCharactersBecomeSpacesButLineBreaksStay() {
        assertThat(Html.escape("a\u0000b\u0007c\td\ne")).isEqualTo("a b c\td\ne");
    }

    @Test
    void textAndAttributesFromDataNeverBecomeMarkup() {
        String evil = "\"><script>alert(1)</script><b x='";
        Html h = new Html().open("div", "title", evil, "class", "x").text(evil).close("div");

        Document doc = Jsoup.parseBodyFragment(h.toString());
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("b")).isEmpty();
        assertThat(doc.selectFirst("div").attr("title")).isEqualTo(evil);
        assertThat(doc.selectFirst("div").text()).isEqualTo(evil);
    }

    @Test
    void aNullAttributeValueLeavesTheAttributeOut() {
        assertThat(new Html().empty("img", "src", "data:x", "alt", null).toString()).isEqualTo("<img src=\"data:x\"/>");
    }

    @Test
    void attributesMustComeInPairs() {
        assertThatThrownBy(() -> new Html().open("a", "href")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backtickSpansBecomeCodeAndAnUnpairedBacktickStaysText() {
        Document doc = Jsoup.parseBodyFragment(new Html().open("p").textWithCode("use `selfheal` or `x<y` and ` alone")
                .close("p").toString());

        assertThat(doc.select("code")).extracting(e -> e.text()).containsExactly("selfheal", "x<y");
        assertThat(doc.selectFirst("p").text()).endsWith("and ` alone");
    }
}
