package dev.selfheal.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.heal.RegistryLineage;
import dev.selfheal.job.heal.RegistryListing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry's lineage, from the last {@code registry} audit event of each model in
 * {@code events.jsonl}: an SVG graph of every version under its parent (the transformation that made
 * it, its batch and scores; the served and shadow versions marked), then the versions as a list with
 * links to their parents, their reasons and drift profiles, and a count of the audit events by type.
 */
public final class LineageSection implements Section {
    private static final int ROW_H = 22;
    private static final int LANE_W = 18;

    private final Map<String, JsonNode> registries = new LinkedHashMap<>();
    private final Map<String, Integer> eventTypes = new TreeMap<>();

    /** @param events the audit events, in order */
    public LineageSection(List<JsonNode> events) {
        for (JsonNode e : events) {
            String type = e.path("type").asText();
            eventTypes.merge(type, 1, Integer::sum);
            if (RegistryListing.TYPE.equals(type)) {
                registries.put(e.path("model").asText(), e.path("details"));
            }
        }
    }

    @Override
    public String id() {
        return "lineage";
    }

    @Override
    public String title() {
        return "Lineage";
    }

    @Override
    public void render(Html h) {
        if (registries.isEmpty()) {
            h.element("p", "No registry listing in events.jsonl: HEAL closed no batch.", "class", "note").newline();
        }
        int index = 0;
        for (Map.Entry<String, JsonNode> e : registries.entrySet()) {
            model(h, e.getKey(), index++, e.getValue(), registries.size() > 1);
        }
        if (!eventTypes.isEmpty()) {
            StringBuilder b = new StringBuilder("Audit events in events.jsonl: ");
            eventTypes.forEach((type, n) -> b.append(type).append(' ').append(n).append(", "));
            h.element("p", b.substring(0, b.length() - 2), "class", "note").newline();
        }
    }

    /** @param index the model's place in the report: element ids use it, never the model id itself */
    private static void model(Html h, String model, int index, JsonNode registry, boolean heading) {
        if (heading) {
            h.element("h3", "model " + model).newline();
        }
        long current = registry.path("current_version").asLong();
        long shadow = registry.path("shadow_version").asLong();
        Map<Long, JsonNode> byVersion = new TreeMap<>();
        Map<Long, Long> parents = new LinkedHashMap<>();
        for (JsonNode s : registry.path("snapshots")) {
            byVersion.put(s.path("version").asLong(), s);
            parents.put(s.path("version").asLong(), s.path("parent").asLong());
        }
        h.element("p", String.format(Locale.ROOT, "model %s: %d versions kept, served v%d, shadow v%d, state %s%s; "
                        + "%d heals, %d rejected updates, %d rollbacks over %d batches.", model, byVersion.size(), current,
                shadow, registry.path("state").asText(), registry.path("frozen").asBoolean() ? " (frozen)" : "",
                registry.path("heals").asLong(), registry.path("rejected_updates").asLong(),
                registry.path("rollbacks").asLong(), registry.path("batches").asLong())).newline();
        if (byVersion.isEmpty()) {
            return;
        }
        List<LineageLayout.Place> places = LineageLayout.of(parents);
        graph(h, index, places, byVersion, current, shadow);
        h.open("details").element("summary", "Every version with its parent, reason and drift profile").newline();
        h.open("ol", "class", "lineage");
        for (JsonNode s : byVersion.values()) {
            long v = s.path("version").asLong();
            long parent = s.path("parent").asLong();
            h.open("li", "id", anchor(index, v), "value", Long.toString(v));
            h.element("strong", "v" + v + " " + what(s));
            h.text(" at batch " + s.path("batch").asLong() + ", accuracy " + score(s.path("accuracy")) + ", F1 "
                    + score(s.path("f1")) + " (n " + s.path("n").asInt() + ")" + marks(v, current, shadow) + "; parent ");
            if (parent != 0 && byVersion.containsKey(parent)) {
                h.element("a", "v" + parent, "href", "#" + anchor(index, parent));
            } else {
                h.text(parent == 0 ? "none" : "v" + parent + " (no longer kept)");
            }
            h.text(". " + s.path("tag").asText() + ": " + s.path("reason").asText());
            String profile = s.path("drift_profile").asText("");
            if (!profile.isEmpty()) {
                h.empty("br");
                h.text("drift: " + profile);
            }
            h.close("li").newline();
        }
        h.close("ol").close("details").newline();
    }

    private static void graph(Html h, int index, List<LineageLayout.Place> places, Map<Long, JsonNode> byVersion,
                              long current, long shadow) {
        int lanes = LineageLayout.lanes(places);
        int textX = 12 + lanes * LANE_W + 8;
        int width = textX + 620;
        int height = places.size() * ROW_H + 8;
        Map<Long, LineageLayout.Place> at = new LinkedHashMap<>();
        places.forEach(p -> at.put(p.version(), p));
        h.open("div", "class", "scroll").open("svg", "xmlns", "http://www.w3.org/2000/svg",
                "width", Integer.toString(width), "height", Integer.toString(height),
                "viewBox", "0 0 " + width + " " + height, "role", "img", "font-size", "12");
        for (LineageLayout.Place p : places) {
            LineageLayout.Place parent = at.get(p.parent());
            if (parent == null) {
                continue;
            }
            double px = x(parent.lane());
            double py = y(parent.row());
            double cx = x(p.lane());
            double cy = y(p.row());
            // Out of the parent toward the child's lane at once, then straight down that lane.
            String d = p.lane() == parent.lane() ? "M" + px + " " + py + " L" + cx + " " + cy
                    : "M" + px + " " + py + " L" + cx + " " + (py + ROW_H * 0.7) + " L" + cx + " " + cy;
            h.empty("path", "d", d, "fill", "none", "stroke", "#9a9a9a", "stroke-width", "1.5");
        }
        for (LineageLayout.Place p : places) {
            JsonNode s = byVersion.get(p.version());
            String what = what(s);
            boolean snapshot = "snapshot".equals(what);
            h.open("a", "href", "#" + anchor(index, p.version()));
            h.open("circle", "cx", num(x(p.lane())), "cy", num(y(p.row())), "r", p.version() == current ? "6.5" : "5",
                    "fill", snapshot ? "#ffffff" : colour(what), "stroke", p.version() == current ? "#000000"
                            : colour(what), "stroke-width", p.version() == current ? "2.5" : "1.5");
            h.element("title", s.path("reason").asText());
            h.close("circle");
            h.open("text", "x", Integer.toString(textX), "y", num(y(p.row()) + 4));
            h.element("tspan", "v" + p.version() + " " + what, "font-weight", "bold");
            h.text(" · batch " + s.path("batch").asLong() + " · acc " + score(s.path("accuracy")) + " · F1 "
                    + score(s.path("f1")) + " (n " + s.path("n").asInt() + ")" + marks(p.version(), current, shadow));
            String profile = s.path("drift_profile").asText("");
            if (!profile.isEmpty()) {
                h.element("title", "drift: " + profile);
            }
            h.close("text").close("a").newline();
        }
        h.close("svg").close("div").newline();
    }

    /** The transformation that made a version (deployed, heal, recalibration, rollback, …). */
    private static String what(JsonNode s) {
        return RegistryLineage.transformation(s.path("tag").asText(), s.path("reason").asText());
    }

    static String colour(String what) {
        if (what.equals("deployed")) {
            return "#333333";
        }
        if (what.contains("rollback")) {
            return "#d62728";
        }
        if (what.equals("manual")) {
            return "#9467bd";
        }
        if (what.equals("repair") || what.equals("recall")) {
            return "#2ca02c";
        }
        if (what.equals("snapshot")) {
            return "#9a9a9a";
        }
        return "#1f77b4";
    }

    private static String marks(long v, long current, long shadow) {
        List<String> m = new ArrayList<>();
        if (v == current) {
            m.add("served");
        }
        if (v == shadow) {
            m.add("shadow");
        }
        return m.isEmpty() ? "" : " ← " + String.join(", ", m);
    }

    static String anchor(int modelIndex, long version) {
        return "lineage-" + modelIndex + "-v" + version;
    }

    private static double x(int lane) {
        return 12 + lane * LANE_W;
    }

    private static double y(int row) {
        return 4 + ROW_H / 2.0 + row * ROW_H;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String score(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "–";
    }
}
