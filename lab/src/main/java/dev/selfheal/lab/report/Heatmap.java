package dev.selfheal.lab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A heat-map as inline SVG: one row per name (a feature, a hidden unit), one column per batch, the
 * cell's shade its value (0 white, the largest value dark), grey where the batch has no value for
 * the name. Cells can also carry a mark (a red dot), e.g. "drifted by PSI". Rows are ordered by
 * their largest value; past {@code maxRows} the rest are counted, not drawn. Past
 * {@link #MAX_COLUMNS} batches, consecutive batches share a column (its largest value, any mark).
 */
final class Heatmap {
    static final String MISSING = "#eeeeee";
    private static final int CELL_H = 16;
    private static final int PLOT_W = 860;
    /** Past this many cells, cells lose their tooltips to keep the file small. */
    private static final int TOOLTIP_CELLS = 4000;
    /** At most this many columns: more batches are drawn in groups of consecutive ones. */
    static final int MAX_COLUMNS = 300;

    private final List<Long> columns;
    private final Map<String, Map<Long, Double>> values = new LinkedHashMap<>();
    private final Map<String, Set<Long>> marks = new LinkedHashMap<>();
    private final String valueName;
    private final String markName;

    /**
     * @param columns   the batches, in order
     * @param valueName what a value is, for tooltips and the legend (e.g. "KL from training")
     * @param markName  what a mark means (e.g. "drifted by PSI")
     */
    Heatmap(List<Long> columns, String valueName, String markName) {
        this.columns = List.copyOf(columns);
        this.valueName = valueName;
        this.markName = markName;
    }

    void put(String name, long column, double value) {
        values.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(column, value);
    }

    void mark(String name, long column) {
        marks.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(column);
    }

    boolean isEmpty() {
        return values.isEmpty() && marks.isEmpty();
    }

    /** Names by their largest value, most first; names with marks only come last. */
    List<String> rows() {
        Set<String> names = new LinkedHashSet<>(values.keySet());
        names.addAll(marks.keySet());
        List<String> out = new ArrayList<>(names);
        out.sort(Comparator.comparingDouble((String n) -> -max(values.getOrDefault(n, Map.of())))
                .thenComparing(n -> n));
        return out;
    }

    /** The shade of {@code value} on a scale up to {@code max}: white at 0 to dark blue at max. */
    static String colour(double value, double max) {
        double t = max <= 0 || !Double.isFinite(value) ? 0 : Math.max(0, Math.min(1, value / max));
        int r = (int) Math.round(247 + (8 - 247) * t);
        int g = (int) Math.round(251 + (48 - 251) * t);
        int b = (int) Math.round(255 + (107 - 255) * t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    void render(Html h, int maxRows) {
        List<String> all = rows();
        List<String> rows = all.subList(0, Math.min(maxRows, all.size()));
        double max = 0;
        for (Map<Long, Double> v : values.values()) {
            max = Math.max(max, max(v));
        }
        int longest = rows.stream().mapToInt(String::length).max().orElse(4);
        // At least room for the axis name "batch"; long names are shortened.
        int labelW = Math.max(48, Math.min(170, 12 + 7 * longest));
        List<List<Long>> groups = groups(columns, MAX_COLUMNS);
        int n = Math.max(1, groups.size());
        int cellW = Math.max(3, Math.min(22, PLOT_W / n));
        int top = 6;
        int plotH = rows.size() * CELL_H;
        // Wide enough for the plot and for the legend below it (five shades, the missing cell, the mark).
        int width = labelW + Math.max(n * cellW + 20, 5 * 70 + 190 + (markName.isEmpty() ? 0 : 120));
        int height = top + plotH + 22 + 34;
        boolean tooltips = rows.size() * n <= TOOLTIP_CELLS;
        h.open("div", "class", "scroll").open("svg", "xmlns", "http://www.w3.org/2000/svg",
                "width", Integer.toString(width), "height", Integer.toString(height),
                "viewBox", "0 0 " + width + " " + height, "role", "img", "font-size", "11");
        for (int i = 0; i < rows.size(); i++) {
            String name = rows.get(i);
            int y = top + i * CELL_H;
            h.element("text", shorten(name, (labelW - 12) / 7), "x", Integer.toString(labelW - 6),
                    "y", Integer.toString(y + CELL_H - 4), "text-anchor", "end");
            Map<Long, Double> v = values.getOrDefault(name, Map.of());
            Set<Long> m = marks.getOrDefault(name, Set.of());
            for (int c = 0; c < groups.size(); c++) {
                List<Long> group = groups.get(c);
                Double value = null;
                boolean marked = false;
                for (long col : group) {
                    Double one = v.get(col);
                    if (one != null && (value == null || one > value)) {
                        value = one;
                    }
                    marked |= m.contains(col);
                }
                int x = labelW + c * cellW;
                h.open("rect", "x", Integer.toString(x), "y", Integer.toString(y), "width", Integer.toString(cellW),
                        "height", Integer.toString(CELL_H), "fill", value == null ? MISSING : colour(value, max),
                        "stroke", "#ffffff", "stroke-width", "0.5");
                if (tooltips) {
                    h.element("title", label(group) + ", " + name + ": "
                            + (value == null ? "not among the most moved" : valueName + " " + fmt(value))
                            + (marked ? "; " + markName : ""));
                }
                h.close("rect");
                if (marked) {
                    h.empty("circle", "cx", num(x + cellW / 2.0), "cy", num(y + CELL_H / 2.0),
                            "r", num(Math.min(3.5, cellW / 2.5)), "fill", "#d62728");
                }
            }
        }
        int axisY = top + plotH + 14;
        int step = niceStep((int) Math.ceil(40.0 / cellW));
        for (int c = 0; c < groups.size(); c++) {
            if (c % step == 0) {
                h.element("text", Long.toString(groups.get(c).get(0)), "x", num(labelW + c * cellW + cellW / 2.0),
                        "y", Integer.toString(axisY), "text-anchor", "middle", "fill", "#555");
            }
        }
        h.element("text", "batch", "x", Integer.toString(labelW - 6), "y", Integer.toString(axisY),
                "text-anchor", "end", "fill", "#555");
        int legendY = axisY + 10;
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            int x = labelW + i * 70;
            h.empty("rect", "x", Integer.toString(x), "y", Integer.toString(legendY), "width", "14", "height", "12",
                    "fill", colour(value, max), "stroke", "#999999", "stroke-width", "0.5");
            h.element("text", fmt(value), "x", Integer.toString(x + 18), "y", Integer.toString(legendY + 10));
        }
        int x = labelW + 5 * 70;
        h.empty("rect", "x", Integer.toString(x), "y", Integer.toString(legendY), "width", "14", "height", "12",
                "fill", MISSING);
        h.element("text", "not among the most moved", "x", Integer.toString(x + 18), "y", Integer.toString(legendY + 10));
        if (!marks.isEmpty() && !markName.isEmpty()) {
            int mx = x + 190;
            h.empty("circle", "cx", Integer.toString(mx + 7), "cy", Integer.toString(legendY + 6), "r", "3.5",
                    "fill", "#d62728");
            h.element("text", markName, "x", Integer.toString(mx + 16), "y", Integer.toString(legendY + 10));
        }
        h.close("svg").close("div").newline();
        if (all.size() > rows.size()) {
            h.element("p", (all.size() - rows.size()) + " more not shown (smaller values)", "class", "note").newline();
        }
    }

    /** The columns in at most {@code max} groups of consecutive ones, all of one size but the last. */
    static List<List<Long>> groups(List<Long> columns, int max) {
        int per = Math.max(1, (int) Math.ceil(columns.size() / (double) max));
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i += per) {
            out.add(columns.subList(i, Math.min(columns.size(), i + per)));
        }
        return out;
    }

    private static String label(List<Long> group) {
        return group.size() == 1 ? "batch " + group.get(0) : "batches " + group.get(0) + "–" + group.get(group.size() - 1);
    }

    /** 1, 2, 5, 10, 20, 50, …: the smallest at least {@code atLeast}. */
    static int niceStep(int atLeast) {
        int base = 1;
        while (true) {
            for (int m : new int[] {1, 2, 5}) {
                if (base * m >= atLeast) {
                    return base * m;
                }
            }
            base *= 10;
        }
    }

    private static double max(Map<Long, Double> v) {
        double m = 0;
        for (double x : v.values()) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String shorten(String s, int chars) {
        return s.length() <= chars ? s : s.substring(0, Math.max(1, chars - 1)) + "…";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
