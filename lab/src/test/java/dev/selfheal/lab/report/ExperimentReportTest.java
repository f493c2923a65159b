package dev.selfheal.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.job.event.Json;
import dev.selfheal.lab.plot.Plots;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html of an experiment's output directory, parsed as a browser would. */
class ExperimentReportTest {
    private static final String SCRIPT = "<script>alert('x')</script>";
    /** A feature name from a user's CSV header that is markup. */
    private static final String MARKUP_FEATURE = "<b>amount</b>";

    @TempDir
    Path out;

    @Test
    void holdsEverySectionInOneFileWithNothingToFetch() throws IOException {
        Document doc = write(fullRun());

        assertThat(doc.select("section")).extracting(e -> e.id())
                .containsExactly("summary", "plots", "drift", "lineage", "labels");
        assertThat(doc.select("nav a")).extracting(e -> e.attr("href"))
                .containsExactly("#summary", "#plots", "#drift", "#lineage", "#labels");
        assertThat(doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .isEqualTo(HtmlReport.POLICY);
        assertThat(doc.select("script, link, iframe, object, embed")).isEmpty();
        for (Element e : doc.select("[href]")) {
            assertThat(e.attr("href")).as("links stay inside the page").startsWith("#");
        }
        for (Element e : doc.select("[src]")) {
            assertThat(e.attr("src")).startsWith(PngData.PREFIX);
        }
    }

    @Test
    void everyImageIsADataUriThatDecodesToAPng() throws IOException {
        Document doc = write(fullRun());

        assertThat(doc.select("img")).hasSize(Plots.FILES.size());
        for (Element img : doc.select("img")) {
            String src = img.attr("src");
            assertThat(src).startsWith(PngData.PREFIX);
            byte[] bytes = Base64.getDecoder().decode(src.substring(PngData.PREFIX.length()));
            assertThat(PngData.isPng(bytes)).isTrue();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as(img.attr("alt")).isNotNull();
            assertThat(image.getWidth()).isPositive();
        }
        assertThat(doc.select("figcaption")).extracting(Element::text).containsExactlyElementsOf(Plots.FILES);
    }

    @Test
    void textFromTheRunIsEscapedNeverMarkup() throws IOException {
        Document doc = write(fullRun());

        assertThat(doc.select("script, b, img[onerror]")).isEmpty();
        assertThat(doc.select("#lineage li").text()).contains("rollback to v1 " + SCRIPT);
        assertThat(doc.select("#drift svg text").eachText()).contains(MARKUP_FEATURE);
        assertThat(doc.select("#labels td").eachText()).contains("margin # under " + SCRIPT);
    }

    @Test
    void theSummaryTableHasHealedBesideFrozenBaselinesAndCeiling() throws IOException {
        Document doc = write(fullRun());

        Element healed = doc.selectFirst("#summary tr.ours");
        assertThat(healed.select("td").eachText())
                .containsExactly("drift, healed (final adapter)", "0.949", "0.837", "0.820", "0.828");
        assertThat(doc.select("#summary td:eq(0)").eachText()).contains("drift, frozen (never healed)",
                "drift, shadow", "drift, logistic (last 1000 labels)", "drift, ceiling (Bayes-optimal)",
                "prequential, healed (served)");
        assertThat(row(doc, "drift, retrain (last 1000 labels)")).containsExactly("drift, retrain (last 1000 labels)",
                "– (no labels to fit on)");
        assertThat(row(doc, "drift, ceiling (Bayes-optimal)")).containsExactly("drift, ceiling (Bayes-optimal)",
                "0.942", "", "", "0.805");
        assertThat(doc.select("#summary p").eachText()).contains("labels used 3 (requested:0.1), of 4 requested");
    }

    @Test
    void driftShowsFeatureAndUnitHeatMapsAndEveryBatch() throws IOException {
        Document doc = write(fullRun());

        assertThat(doc.select("#drift svg")).hasSize(2);
        Element inputs = doc.select("#drift svg").get(0);
        // V14 drifted by PSI in all three batches: a red dot per batch (and one in the legend).
        assertThat(inputs.select("circle[fill=#d62728]")).hasSize(3 + 1);
        assertThat(inputs.select("text").eachText()).contains("V14", "f3");
        Element units = doc.select("#drift svg").get(1);
        assertThat(units.select("text").eachText()).contains("h8", "h23");
        assertThat(doc.select("#drift tbody tr")).hasSize(3);
        assertThat(doc.select("#drift tbody tr").get(2).select("td").eachText()).contains("ALARM", "+2.50");
    }

    @Test
    void theLineageLinksEveryVersionToItsParentAndBranchesTheRollback() throws IOException {
        Document doc = write(fullRun());

        List<Element> items = doc.select("#lineage ol li");
        assertThat(items).extracting(e -> e.id())
                .containsExactly("lineage-0-v1", "lineage-0-v2", "lineage-0-v3", "lineage-0-v4");
        for (Element li : items) {
            for (Element a : li.select("a")) {
                assertThat(doc.getElementById(a.attr("href").substring(1))).as(a.attr("href")).isNotNull();
            }
        }
        assertThat(doc.getElementById("lineage-0-v4").select("a").attr("href")).isEqualTo("#lineage-0-v1");
        assertThat(doc.getElementById("lineage-0-v4").text()).contains("v4 rollback", "served", "drift: V14 PSI 3.0");
        Element svg = doc.selectFirst("#lineage svg");
        assertThat(svg.select("path")).hasSize(3);
        List<Element> nodes = svg.select("circle");
        assertThat(nodes).hasSize(4);
        assertThat(nodes.get(3).attr("cx")).as("the rollback branches off").isNotEqualTo(nodes.get(0).attr("cx"));
        assertThat(doc.select("#lineage p").text()).contains("served v4, shadow v1", "registry 1");
    }

    @Test
    void labelRequestsAreCountedByStrategyWithWhatCameBack() throws IOException {
        Document doc = write(fullRun());

        assertThat(doc.selectFirst("#labels p").text())
                .isEqualTo("4 label requests; 3 answered with a label, 2 of them fraud (66.7%).");
        Element byStrategy = doc.selectFirst("#labels table");
        assertThat(byStrategy.select("tbody tr")).extracting(tr -> tr.select("td").eachText()).containsExactly(
                List.of("random", "2", "2", "1", "50.0%"),
                List.of("novelty", "1", "1", "1", "100.0%"),
                List.of("uncertainty", "1", "0", "0", "–"));
    }

    @Test
    void aRunWithoutPlotsEventsOrRequestsSaysSoInOneLineEach() throws IOException {
        ObjectNode summary = summary();
        Files.writeString(out.resolve("metrics.csv"), BatchMetrics.csvHeader() + "\n");

        Document doc = write(summary, Map.of());

        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("#plots p").text()).startsWith("No plots");
        assertThat(doc.select("#drift p").text()).startsWith("No heal batch was closed");
        assertThat(doc.select("#lineage p").text()).startsWith("No registry listing");
        assertThat(doc.select("#labels p")).hasSize(1);
        assertThat(doc.select("#labels p").text()).startsWith("No label requests");
    }

    @Test
    void writesReportHtmlIntoTheOutputDirectory() throws IOException {
        Path file = ExperimentReport.write(out, summary(), Map.of());

        assertThat(file).isEqualTo(out.resolve("report.html"));
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>");
    }

    private Document write(ObjectNode summary, Map<String, Integer> labels) throws IOException {
        return Jsoup.parse(Files.readString(ExperimentReport.write(out, summary, labels), StandardCharsets.UTF_8));
    }

    private Document write(Map<String, Integer> labels) throws IOException {
        return write(summary(), labels);
    }

    /** Metrics, plots, events and label requests of a small run; the labels that came back. */
    private Map<String, Integer> fullRun() throws IOException {
        List<BatchMetrics> rows = new ArrayList<>();
        for (int b = 1; b <= 3; b++) {
            BatchMetrics m = new BatchMetrics();
            m.batchIdx = b;
            m.state = b == 1 ? "HEALTHY" : "HEALING";
            m.action = b == 1 ? "none" : "heal";
            m.model = "default";
            m.zScore = 1.5 + b;
            m.driftedFeatures = "V14";
            m.maxPsi = 3.0 + b;
            m.outputEntropy = 0.15;
            m.entropyZ = b == 3 ? 2.5 : -0.2;
            m.hiddenKl = 0.03 * b;
            m.hiddenMoved = "h8 0.0" + b + " h23 0.020";
            m.featuresMoved = "f3 0.04" + b + " " + MARKUP_FEATURE + " 0.010";
            m.conceptAlarm = b == 3;
            rows.add(m);
        }
        StringBuilder csv = new StringBuilder(BatchMetrics.csvHeader()).append('\n');
        rows.forEach(r -> csv.append(r.toCsvRow()).append('\n'));
        Files.writeString(out.resolve("metrics.csv"), csv);
        Plots.writeAll(rows, List.of(), 3.0, Map.of(), out.resolve("plots"));

        List<Map<String, Object>> snapshots = List.of(
                snapshot(1, 0, "INITIAL", 0, "deployed model", null),
                snapshot(2, 1, "PRE_HEAL", 2, "before adapter heal at batch 2", "V14 PSI 3.0"),
                snapshot(3, 2, "POST_HEAL", 2, "adapter heal at batch 2", "V14 PSI 3.0"),
                snapshot(4, 1, "ROLLBACK", 3, "rollback to v1 " + SCRIPT, "V14 PSI 3.0"));
        Map<String, Object> registry = new LinkedHashMap<>();
        registry.put("current_version", 4);
        registry.put("shadow_version", 1);
        registry.put("state", "HEALTHY");
        registry.put("heals", 1);
        registry.put("rollbacks", 1);
        registry.put("batches", 3);
        registry.put("snapshots", snapshots);
        String events = Json.write(Map.of("type", "deployed", "model", "default", "batch", 0, "details", Map.of()))
                + "\n" + Json.write(Map.of("type", "registry", "model", "default", "batch", 3, "details", registry)) + "\n";
        Files.writeString(out.resolve("events.jsonl"), events);

        String requests = String.join("\n",
                Json.write(Map.of("id", "a", "strategy", "random", "reason", "random sample", "batch", 1)),
                Json.write(Map.of("id", "b", "strategy", "random", "reason", "random sample", "batch", 1)),
                Json.write(Map.of("id", "c", "strategy", "novelty", "reason", "V14 at -4.2σ of training", "batch", 2)),
                Json.write(Map.of("id", "d", "strategy", "uncertainty", "reason", "margin 0.3 under " + SCRIPT,
                        "batch", 2))) + "\n";
        Files.writeString(out.resolve("label_requests.jsonl"), requests);
        // a fraud, b normal, c fraud, d never answered; other rows' labels do not count
        return Map.of("a", 1, "b", 0, "c", 1, "x", 1);
    }

    private static Map<String, Object> snapshot(long version, long parent, String tag, long batch, String reason,
                                                String profile) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("version", version);
        s.put("parent", parent);
        s.put("tag", tag);
        s.put("batch", batch);
        s.put("accuracy", 0.9);
        s.put("f1", 0.8);
        s.put("n", 100);
        s.put("reason", reason);
        if (profile != null) {
            s.put("drift_profile", profile);
        }
        return s;
    }

    private static ObjectNode summary() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.set("clean", block(0.941, 0.794, 0.820, 0.807));
        s.set("holdout_frozen", block(0.434, 0.209, 1.0, 0.346));
        s.set("holdout_shadow", block(0.434, 0.209, 1.0, 0.346));
        s.set("holdout_healed", block(0.949, 0.837, 0.820, 0.828));
        s.putNull("holdout_retrain");
        s.set("holdout_logistic", block(0.902, 0.688, 0.633, 0.660));
        s.set("holdout_rules", block(0.373, 0.193, 1.0, 0.324));
        s.set("holdout_all_normal", block(0.85, 0, 0, 0));
        s.set("prequential_frozen", block(0.412, 0.203, 1.0, 0.338));
        s.set("prequential_healed", block(0.915, 0.681, 0.819, 0.743));
        ObjectNode ceiling = s.putObject("ceiling");
        ceiling.put("accuracy", 0.942);
        ceiling.put("f1", 0.805);
        s.putObject("baselines").put("window", 1000);
        s.put("heals", 1);
        s.put("rollbacks", 1);
        s.put("batches", 3);
        s.put("labels", "requested:0.1");
        s.put("seed", 42);
        s.put("scenario", "shift");
        s.put("labels_used", 3);
        s.put("labels_requested", 4);
        s.put("rules", "V14 < -1.5 => fraud");
        s.put("key_feature", "V14");
        return s;
    }

    private static JsonNode block(double accuracy, double precision, double recall, double f1) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("accuracy", accuracy);
        b.put("precision", precision);
        b.put("recall", recall);
        b.put("f1", f1);
        return b;
    }

    private static List<String> row(Document doc, String name) {
        for (Element tr : doc.select("#summary tr")) {
            if (!tr.select("td").isEmpty() && tr.select("td").get(0).text().equals(name)) {
                return tr.select("td").stream().map(Element::text).toList();
            }
        }
        throw new AssertionError("no row " + name);
    }
}
