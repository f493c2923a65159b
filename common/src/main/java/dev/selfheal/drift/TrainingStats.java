package dev.selfheal.drift;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** {@link FeatureStats} for every model feature, in the model's feature order. */
public record TrainingStats(List<FeatureStats> features) {

    public TrainingStats {
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("training stats need at least one feature");
        }
        var seen = new HashSet<String>();
        for (FeatureStats f : features) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("duplicate feature '" + f.name() + "'");
            }
        }
    }

    /** Summarises raw training rows whose columns are named by {@code names}. */
    public static TrainingStats of(List<String> names, float[][] rows) {
        Objects.requireNonNull(names, "names");
        requireRows(rows, names.size());
        List<FeatureStats> features = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            features.add(FeatureStats.of(names.get(j), column(rows, j)));
        }
        return new TrainingStats(features);
    }

    public int size() {
        return features.size();
    }

    public List<String> names() {
        return features.stream().map(FeatureStats::name).toList();
    }

    public FeatureStats get(int index) {
        return features.get(index);
    }

    /** @throws IllegalArgumentException if no feature has this name */
    public FeatureStats get(String name) {
        int index = indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("unknown feature '" + name + "'; known: " + names());
        }
        return features.get(index);
    }

    /** Position of the named feature, or −1. */
    public int indexOf(String name) {
        for (int j = 0; j < features.size(); j++) {
            if (features.get(j).name().equals(name)) {
                return j;
            }
        }
        return -1;
    }

    /** Rejects an empty batch or a row of the wrong width before any statistic is computed. */
    static void requireRows(float[][] rows, int width) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has "
                        + (rows[i] == null ? "no" : rows[i].length) + " values, expected " + width);
            }
        }
    }

    static float[] column(float[][] rows, int index) {
        float[] column = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            column[i] = rows[i][index];
        }
        return column;
    }
}
