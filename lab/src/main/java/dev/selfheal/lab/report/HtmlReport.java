package dev.selfheal.lab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-contained HTML report: one file with its style inline, images as {@code data:} URIs and
 * charts as inline SVG, that opens offline in any browser. Its Content-Security-Policy forbids
 * every fetch but {@code data:} images, so nothing can reach the network even by mistake.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    /** Nothing loads from anywhere: no scripts, fonts, styles or images except inline ones. */
    static final String POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0 auto;\
            max-width:1200px;padding:1em 2em;color:#222;line-height:1.4}
            h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
            .subtitle{color:#555;margin-top:0}nav{margin:1em 0;font-size:.95em}nav a{margin-right:1em}
            table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
            th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
            th{background:#f4f4f4}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            tbody+tbody{border-top:3px solid #bbb}tr.ours td{background:#eef5fc;font-weight:600}
            .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:1em}
            .figures figure:only-child{grid-column:1/-1}figure{margin:0}figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{color:#555;font-size:.9em}.scroll{overflow-x:auto}.note{color:#555}
            code{background:#f4f4f4;padding:0 .2em}svg text{font-family:inherit}
            details summary{cursor:pointer;color:#1f5f9f}li{margin:.15em 0}
            """;

    private final String title;
    private final String subtitle;
    private final List<Section> sections = new ArrayList<>();

    public HtmlReport(String title, String subtitle) {
        this.title = title;
        this.subtitle = subtitle;
    }

    public HtmlReport add(Section section) {
        sections.add(section);
        return this;
    }

    public String render() {
        Html h = new Html();
        h.constant("<!DOCTYPE html>").newline();
        h.open("html", "lang", "en").newline().open("head").newline();
        h.empty("meta", "charset", "utf-8").newline();
        h.empty("meta", "http-equiv", "Content-Security-Policy", "content", POLICY).newline();
        h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").newline();
        h.element("title", title).newline();
        // The style sheet has quotes and '+' selectors that escaping would break; it holds no run data.
        h.open("style").newline().constant(STYLE).close("style").newline().close("head").newline();
        h.open("body").newline();
        h.element("h1", title).newline();
        if (subtitle != null && !subtitle.isEmpty()) {
            h.element("p", subtitle, "class", "subtitle").newline();
        }
        h.open("nav");
        for (Section s : sections) {
            h.element("a", s.title(), "href", "#" + s.id());
        }
        h.close("nav").newline();
        for (Section s : sections) {
            h.open("section", "id", s.id()).newline();
            h.element("h2", s.title()).newline();
            s.render(h);
            h.newline().close("section").newline();
        }
        h.close("body").newline().close("html").newline();
        return h.toString();
    }

    /** Writes the report as {@code file} (UTF-8) and returns the path. */
    public Path write(Path file) throws IOException {
        Files.writeString(file, render(), StandardCharsets.UTF_8);
        return file;
    }
}
