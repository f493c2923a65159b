package dev.selfheal.lab.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a most-moved list of {@code metrics.csv} ({@code hidden_moved}, {@code features_moved}:
 * "name kl name kl …", e.g. {@code h8 0.034 h23 0.020}) back into names and divergences, in order.
 * A name may hold spaces (feature names come from a CSV header): every token up to the next number
 * belongs to it.
 */
final class MovedList {
    private MovedList() {}

    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        StringBuilder name = new StringBuilder();
        for (String token : text.trim().split("\\s+")) {
            Double v = number(token);
            if (v != null && name.length() > 0) {
                out.put(name.toString(), v);
                name.setLength(0);
            } else {
                name.append(name.length() > 0 ? " " : "").append(token);
            }
        }
        return out;
    }

    private static Double number(String token) {
        try {
            double v = Double.parseDouble(token);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
