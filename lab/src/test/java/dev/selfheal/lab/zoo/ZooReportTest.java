package dev.selfheal.lab.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;
import dev.selfheal.lab.report.PngData;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooReportTest {
    @TempDir
    Path out;

    @Test
    void holdsTheZooTableItsPlotAndRelativeLinksToEachRunsReport() throws Exception {
        ZooCell ours = cell("shift", "delay:5", "selfheal", 0.93);
        ZooCell ref = cell("shift", "delay:5", "reference", 0.88);
        // Only seed 1 of ours wrote a report.
        Files.writeString(Files.createDirectories(ours.runDirs.get(0)).resolve("report.html"), "<!DOCTYPE html>");
        List<ZooCell> cells = List.of(ours, ref);
        ZooPlot.write(cells, out.resolve("zoo.png"));

        ZooReport.write(cells, 2, out);
        Document doc = Jsoup.parse(Files.readString(out.resolve("report.html")));

        assertThat(doc.select("section")).extracting(Element::id).containsExactly("table", "plot", "runs");
        assertThat(doc.select("#table thead th")).extracting(Element::text).containsExactlyElementsOf(ZooTable.HEADER);
        List<Element> rows = doc.select("#table tbody tr");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).select("td").get(ZooTable.SELFHEAL).select("strong").text()).startsWith("0.930±");
        assertThat(rows.get(0).select("td").get(ZooTable.SELFHEAL - 1).text()).startsWith("0.880±");
        assertThat(doc.select("#table code")).extracting(Element::text).contains("selfheal", "reference");

        Element img = doc.selectFirst("#plot img");
        byte[] png = Base64.getDecoder().decode(img.attr("src").substring(PngData.PREFIX.length()));
        assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();

        List<Element> links = doc.select("#runs a");
        assertThat(links).extracting(a -> a.attr("href"))
                .containsExactly("runs/shift/delay-5/selfheal/seed-1/report.html");
        assertThat(out.resolve(links.get(0).attr("href"))).exists();
        assertThat(doc.select("#runs li").get(0).text()).contains("seed-2 (no report.html)");
    }

    @Test
    void theMarkdownTableIsUnchangedBySharingItsRows() {
        String md = ZooTable.markdown(List.of(cell("shift", "immediate", "selfheal", 0.95)), 2);

        assertThat(md).contains("| scenario | labels | ceiling | all-normal | rules | frozen | shadow | retrain | "
                + "logistic | reference | selfheal | heals / rej / rb | goal |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        assertThat(md).contains("| shift | immediate | 0.942 / 0.805 |").contains("| – | **0.950±0.000 / ");
    }

    private ZooCell cell(String scenario, String labels, String profile, double accuracy) {
        ZooCell c = new ZooCell(scenario, labels, profile);
        for (int seed = 1; seed <= 2; seed++) {
            ObjectNode s = Json.MAPPER.createObjectNode();
            s.putObject("holdout_healed").put("accuracy", accuracy).put("f1", 0.8);
            s.putObject("holdout_frozen").put("accuracy", 0.43).put("f1", 0.35);
            s.putObject("ceiling").put("accuracy", 0.942).put("f1", 0.805);
            s.put("heals", 3);
            c.runs.add(s);
            c.runDirs.add(out.resolve("runs").resolve(scenario).resolve(labels.replace(':', '-')).resolve(profile)
                    .resolve("seed-" + seed));
        }
        return c;
    }
}
