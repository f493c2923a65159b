package dev.selfheal.lab.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HEAL's label requests counted by strategy and by reason, with what came back: how many were
 * answered with a label and how many of those were fraud. Reasons carry figures ("margin 0.204 under
 * the randomised threshold 0.433"); they are counted by their wording with the figures left out.
 */
final class RequestTally {
    /** A number standing alone (not the digits of a name such as V14 or h8). */
    private static final Pattern FIGURE = Pattern.compile("(?<![\\p{L}\\d_])[-+]?\\d+(?:\\.\\d+)?");

    /** One line of the tally. */
    record Line(String strategy, String reason, int requested, int answered, int fraud) {}

    private final Map<String, int[]> byStrategy = new LinkedHashMap<>();
    private final Map<List<String>, int[]> byReason = new LinkedHashMap<>();
    private final int[] total = new int[3];

    /**
     * @param requests the label_request records (id, strategy, reason, …)
     * @param labels   the label that came back for each row id (1 = fraud); ids never answered are absent
     */
    RequestTally(List<JsonNode> requests, Map<String, Integer> labels) {
        for (JsonNode r : requests) {
            String strategy = r.path("strategy").asText("?");
            Integer label = labels.get(r.path("id").asText());
            int[] counts = {1, label == null ? 0 : 1, label != null && label == 1 ? 1 : 0};
            add(total, counts);
            add(byStrategy.computeIfAbsent(strategy, k -> new int[3]), counts);
            add(byReason.computeIfAbsent(List.of(strategy, wording(r.path("reason").asText(""))), k -> new int[3]),
                    counts);
        }
    }

    /** The reason with its figures replaced by {@code #}. */
    static String wording(String reason) {
        return FIGURE.matcher(reason).replaceAll("#");
    }

    Line total() {
        return new Line("all", "", total[0], total[1], total[2]);
    }

    /** Per strategy, most requests first. */
    List<Line> strategies() {
        List<Line> out = new ArrayList<>();
        byStrategy.forEach((s, c) -> out.add(new Line(s, "", c[0], c[1], c[2])));
        out.sort(Comparator.comparingInt(Line::requested).reversed());
        return out;
    }

    /** Per strategy and reason wording, most requests first. */
    List<Line> reasons() {
        List<Line> out = new ArrayList<>();
        byReason.forEach((k, c) -> out.add(new Line(k.get(0), k.get(1), c[0], c[1], c[2])));
        out.sort(Comparator.comparingInt(Line::requested).reversed());
        return out;
    }

    private static void add(int[] into, int[] counts) {
        for (int i = 0; i < into.length; i++) {
            into[i] += counts[i];
        }
    }
}
