package dev.selfheal.lab.zoo;

import dev.selfheal.lab.report.Html;
import dev.selfheal.lab.report.HtmlReport;
import dev.selfheal.lab.report.ImagesSection;
import dev.selfheal.lab.report.Section;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The zoo's {@code report.html}: its table, zoo.png, and links to the report of every run. */
final class ZooReport {
    private ZooReport() {}

    static Path write(List<ZooCell> cells, int seeds, Path out) throws IOException {
        return build(cells, seeds, out).write(out.resolve(HtmlReport.FILE));
    }

    static HtmlReport build(List<ZooCell> cells, int seeds, Path out) {
        int runs = cells.stream().mapToInt(c -> c.runs.size()).sum();
        return new HtmlReport("selfheal zoo", cells.size() + " cells (scenario × labels × profile), " + seeds
                + " seed(s), " + runs + " runs")
                .add(new TableSection(cells, seeds))
                .add(new ImagesSection("plot", "Plot", List.of(out.resolve("zoo.png")), "zoo.png was not written."))
                .add(new RunsSection(cells, out));
    }

    /** zoo.md as an HTML table. */
    private record TableSection(List<ZooCell> cells, int seeds) implements Section {
        @Override
        public String id() {
            return "table";
        }

        @Override
        public String title() {
            return "Zoo table";
        }

        @Override
        public void render(Html h) {
            h.open("p").textWithCode(ZooTable.intro(seeds)).close("p").newline();
            h.open("div", "class", "scroll").open("table").open("thead").open("tr");
            ZooTable.HEADER.forEach(c -> h.element("th", c));
            h.close("tr").close("thead").open("tbody").newline();
            for (List<String> row : ZooTable.rows(cells)) {
                h.open("tr");
                for (int i = 0; i < row.size(); i++) {
                    if (i == ZooTable.SELFHEAL) {
                        h.open("td").element("strong", row.get(i)).close("td");
                    } else {
                        h.element("td", row.get(i));
                    }
                }
                h.close("tr").newline();
            }
            h.close("tbody").close("table").close("div").newline();
        }
    }

    /** A line per cell with a link to each seed's report.html (relative: the zoo directory can move). */
    private record RunsSection(List<ZooCell> cells, Path out) implements Section {
        @Override
        public String id() {
            return "runs";
        }

        @Override
        public String title() {
            return "Runs";
        }

        @Override
        public void render(Html h) {
            h.open("ul").newline();
            for (ZooCell c : cells) {
                h.open("li").text(c.scenario + ", " + c.labels + ", " + c.profile + ": ");
                for (int i = 0; i < c.runDirs.size(); i++) {
                    Path report = c.runDirs.get(i).resolve(HtmlReport.FILE);
                    String name = c.runDirs.get(i).getFileName().toString();
                    h.text(i > 0 ? " · " : "");
                    if (Files.isRegularFile(report)) {
                        h.element("a", name, "href", link(out, report));
                    } else {
                        h.text(name + " (no report.html)");
                    }
                }
                h.close("li").newline();
            }
            h.close("ul").newline();
        }
    }

    /** {@code file} relative to {@code dir}, with '/' separators and each part percent-encoded. */
    static String link(Path dir, Path file) {
        Path rel = dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        StringBuilder b = new StringBuilder();
        for (Path part : rel) {
            b.append(b.length() > 0 ? "/" : "").append(java.net.URLEncoder.encode(part.toString(),
                    java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }
}
