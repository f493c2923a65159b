package dev.selfheal.job.heal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's registry (as {@link RegistryListing#summary} lists it) drawn as its lineage: each
 * version under the one it was derived from, with the transformation that made it, its scores and
 * the drift profile when it was made. As an indented text tree, or as a Graphviz DOT graph whose
 * edges read version → parent (drawn with the arrow toward the newer version).
 */
public final class RegistryLineage {
    private RegistryLineage() {}

    /** What made a version: deployed, heal, recalibration, Platt, input path, repair, recall, rollback, manual, snapshot. */
    public static String transformation(String tag, String reason) {
        String r = reason == null ? "" : reason;
        switch (tag) {
            case "INITIAL":
                return "deployed";
            case "PRE_HEAL":
                return "snapshot";
            case "MANUAL":
                return "manual";
            case "ROLLBACK":
                return r.startsWith("manual") ? "manual rollback" : "rollback";
            default:
                break;
        }
        if (r.startsWith("lineage repair")) {
            return "repair";
        }
        if (r.startsWith("recall of")) {
            return "recall";
        }
        List<String> parts = new ArrayList<>();
        if (r.contains("recalibrated inputs")) {
            parts.add("recalibration");
        }
        if (r.contains("adapter heal")) {
            parts.add("heal");
        }
        if (r.contains("Platt")) {
            parts.add("Platt");
        }
        if (r.startsWith("input path")) {
            parts.add("input path");
        }
        return parts.isEmpty() ? "heal" : String.join(" + ", parts);
    }

    /** The lineage as an indented tree, oldest root first; the served version marked {@code *}. */
    public static String text(JsonNode model) {
        Map<Long, JsonNode> byVersion = byVersion(model);
        Map<Long, List<Long>> children = children(byVersion);
        long current = model.path("current_version").asLong();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "model %s: lineage, current v%d (* served)%n", model.path("model").asText(),
                current));
        for (long root : roots(byVersion)) {
            tree(b, root, byVersion, children, current, "", true, true);
        }
        return b.toString();
    }

    private static void tree(StringBuilder b, long v, Map<Long, JsonNode> byVersion, Map<Long, List<Long>> children,
                             long current, String indent, boolean last, boolean root) {
        JsonNode s = byVersion.get(v);
        b.append(indent).append(root ? "" : last ? "└─ " : "├─ ").append(v == current ? "*" : "").append(line(s))
                .append('\n');
        String profile = s.path("drift_profile").asText("");
        String next = indent + (root ? "" : last ? "   " : "│  ");
        if (!profile.isEmpty()) {
            b.append(next).append(children.getOrDefault(v, List.of()).isEmpty() ? "   " : "│  ").append("drift: ")
                    .append(profile).append('\n');
        }
        List<Long> kids = children.getOrDefault(v, List.of());
        for (int i = 0; i < kids.size(); i++) {
            tree(b, kids.get(i), byVersion, children, current, next, i == kids.size() - 1, false);
        }
    }

    private static String line(JsonNode s) {
        return String.format(Locale.ROOT, "v%d %s at batch %d, accuracy %s, F1 %s (n %d)", s.path("version").asLong(),
                transformation(s.path("tag").asText(), s.path("reason").asText()), s.path("batch").asLong(),
                score(s.path("accuracy")), score(s.path("f1")), s.path("n").asInt());
    }

    /** The lineage as a Graphviz DOT digraph. */
    public static String dot(JsonNode model) {
        Map<Long, JsonNode> byVersion = byVersion(model);
        long current = model.path("current_version").asLong();
        StringBuilder b = new StringBuilder();
        b.append("digraph ").append(quote("lineage " + model.path("model").asText())).append(" {\n");
        b.append("  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
        b.append("  edge [fontname=\"Helvetica\", fontsize=9, dir=back];\n");
        for (JsonNode s : byVersion.values()) {
            long v = s.path("version").asLong();
            String what = transformation(s.path("tag").asText(), s.path("reason").asText());
            // Each part escaped on its own: the line breaks between them are DOT's own "\n".
            StringBuilder label = new StringBuilder().append('v').append(v).append(' ').append(escape(what))
                    .append("\\nbatch ").append(s.path("batch").asLong()).append(", acc ").append(score(s.path("accuracy")))
                    .append(", F1 ").append(score(s.path("f1")));
            String profile = s.path("drift_profile").asText("");
            if (!profile.isEmpty()) {
                label.append("\\ndrift: ").append(escape(profile));
            }
            b.append("  v").append(v).append(" [label=\"").append(label)
                    .append('"').append(v == current ? ", penwidth=2.5, color=\"#1f77b4\"" : "")
                    .append("PRE_HEAL".equals(s.path("tag").asText()) ? ", style=dashed" : "").append("];\n");
        }
        for (JsonNode s : byVersion.values()) {
            long v = s.path("version").asLong();
            long parent = s.path("parent").asLong();
            if (parent != 0 && byVersion.containsKey(parent)) {
                b.append("  v").append(v).append(" -> v").append(parent).append(" [label=")
                        .append(quote(transformation(s.path("tag").asText(), s.path("reason").asText()))).append("];\n");
            }
        }
        return b.append("}\n").toString();
    }

    private static Map<Long, JsonNode> byVersion(JsonNode model) {
        Map<Long, JsonNode> m = new TreeMap<>();
        for (JsonNode s : model.path("snapshots")) {
            m.put(s.path("version").asLong(), s);
        }
        return m;
    }

    private static Map<Long, List<Long>> children(Map<Long, JsonNode> byVersion) {
        Map<Long, List<Long>> c = new LinkedHashMap<>();
        for (JsonNode s : byVersion.values()) {
            long parent = s.path("parent").asLong();
            if (parent != 0 && byVersion.containsKey(parent)) {
                c.computeIfAbsent(parent, k -> new ArrayList<>()).add(s.path("version").asLong());
            }
        }
        return c;
    }

    /** Versions whose parent is none or no longer in the registry (evicted), oldest first. */
    private static List<Long> roots(Map<Long, JsonNode> byVersion) {
        List<Long> r = new ArrayList<>();
        for (JsonNode s : byVersion.values()) {
            long parent = s.path("parent").asLong();
            if (parent == 0 || !byVersion.containsKey(parent)) {
                r.add(s.path("version").asLong());
            }
        }
        return r;
    }

    private static String score(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "-";
    }

    private static String quote(String s) {
        return '"' + escape(s) + '"';
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }
}
