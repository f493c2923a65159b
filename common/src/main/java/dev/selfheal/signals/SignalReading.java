package dev.selfheal.signals;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One batch's label-free signals, over the pooled window of recent batches.
 *
 * @param rows          rows in the window
 * @param entropy       this batch's mean output entropy (nats) of the deployed network on the inputs
 *                      as recalibrated
 * @param entropyZ      the window's mean entropy against training, in standard errors
 * @param hiddenKl      largest KL divergence (window from training) of any hidden unit
 * @param hiddenScore   largest G statistic of a hidden unit over its alarm level (above 1 alarms)
 * @param units         the most-moved hidden units, most first
 * @param features      the most-moved input features (inputs as recalibrated), most first
 * @param alarm         the window departs from training beyond what chance explains
 * @param raised        the alarm is new in this batch
 */
public record SignalReading(int rows, double entropy, double entropyZ, double hiddenKl, double hiddenScore,
                            List<Moved> units, List<Moved> features, boolean alarm, boolean raised) {

    public SignalReading {
        units = List.copyOf(units);
        features = List.copyOf(features);
    }

    /**
     * A hidden unit or feature and how far it moved.
     *
     * @param kl    KL divergence of the window's distribution from training's
     * @param score G statistic over the alarm level
     */
    public record Moved(String name, double kl, double score) {}

    /** Names and KL of the moved ones, e.g. {@code h12 0.31 h40 0.22}. */
    public static String describe(List<Moved> moved) {
        return moved.stream().map(m -> String.format(Locale.ROOT, "%s %.3f", m.name(), m.kl()))
                .collect(Collectors.joining(" "));
    }

    /** One line for people and for the lineage's drift profile. */
    public String summary() {
        return String.format(Locale.ROOT, "hidden KL %.3f (%s), inputs %s, entropy z %+.1f%s", hiddenKl,
                describe(units), describe(features), entropyZ, alarm ? ", concept alarm" : "");
    }
}
