package dev.selfheal.drift;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Drift signals of one batch.
 *
 * @param batch the caller's batch number
 * @param fidiZ FIDI z-score of the key feature
 * @param fidiDrifting whether FIDI calls this batch drifting (past warm-up and z above threshold)
 * @param keyFeature the feature FIDI watches
 * @param features one entry per model feature, in model order
 */
public record DriftReport(
        int batch, double fidiZ, boolean fidiDrifting, String keyFeature, List<FeatureDrift> features) {

    public DriftReport {
        features = List.copyOf(features);
    }

    /** Features that drifted, the largest PSI first. */
    public List<FeatureDrift> driftedFeatures() {
        return features.stream()
                .filter(FeatureDrift::drifted)
                .sorted(Comparator.comparingDouble(FeatureDrift::psi).reversed())
                .toList();
    }

    /**
     * One line for people: each drifted feature, largest PSI first, e.g.
     * {@code V14 moved: mean -2.31 (train -0.38, -1.9σ), std 1.02, PSI 2.10, KS 0.61 (p<1e-9)};
     * or {@code no feature drifted}.
     */
    public String explain() {
        List<FeatureDrift> drifted = driftedFeatures();
        if (drifted.isEmpty()) {
            return "no feature drifted";
        }
        return drifted.stream().map(DriftReport::describe).collect(Collectors.joining("; "));
    }

    private static String describe(FeatureDrift f) {
        return String.format(Locale.ROOT, "%s moved: mean %.2f (train %.2f, %+.1fσ), std %.2f, PSI %.2f, KS %.2f (%s)",
                f.name(), f.mean(), f.trainMean(), f.meanShiftSigmas(), f.std(), f.psi(), f.ks(),
                f.ksPValue() < 1e-9 ? "p<1e-9" : String.format(Locale.ROOT, "p=%.2g", f.ksPValue()));
    }
}
