package dev.selfheal.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a transaction CSV (the input contract, README): the reserved columns are optional, and the
 * features are either the named list (in the list's order, other columns ignored) or every
 * non-reserved column in file order.
 */
public final class CsvHeader implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String ID = "id";
    public static final String KEY = "key";
    public static final String TS = "ts";
    public static final String BATCH = "batch";
    public static final String LABEL = "label";
    public static final String TRUE_LABEL = "true_label";
    public static final String MODEL = "model";
    public static final List<String> RESERVED = List.of(ID, KEY, TS, BATCH, LABEL, TRUE_LABEL, MODEL);

    private final List<String> columns;
    private final Map<String, Integer> indexByName;
    private final List<String> featureNames;
    private final int[] featureIndices;

    private CsvHeader(List<String> columns, Map<String, Integer> indexByName, List<String> featureNames) {
        this.columns = List.copyOf(columns);
        this.indexByName = Map.copyOf(indexByName);
        this.featureNames = List.copyOf(featureNames);
        this.featureIndices = featureNames.stream().mapToInt(indexByName::get).toArray();
    }

    /**
     * @param featuresOrNull the model's features by name, or null to take every non-reserved column
     * @throws IllegalArgumentException when the header is empty or malformed, a column name repeats,
     *     a requested feature is missing or reserved, or no feature column remains
     */
    public static CsvHeader parse(String headerLine, List<String> featuresOrNull) {
        if (headerLine == null || headerLine.isBlank()) {
            throw new IllegalArgumentException("the header line is empty");
        }
        // Spreadsheet exports often start with a byte-order mark; it is not part of the first name.
        String line = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
        line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        List<String> columns = new ArrayList<>();
        try {
            for (String name : CsvFields.split(line)) {
                columns.add(name.strip());
            }
        } catch (CsvFields.MalformedLineException e) {
            throw new IllegalArgumentException("malformed header: " + e.getMessage());
        }
        Map<String, Integer> indexByName = indexColumns(columns, featuresOrNull == null);
        List<String> features = featuresOrNull == null
                ? allNonReserved(columns)
                : checkedFeatures(featuresOrNull, indexByName, columns);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no feature columns in header " + columns);
        }
        return new CsvHeader(columns, indexByName, features);
    }

    private static Map<String, Integer> indexColumns(List<String> columns, boolean everyColumnMatters) {
        Map<String, Integer> indexByName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            if (name.isEmpty()) {
                // An unnamed column (often a dataframe's index) would silently become a feature.
                if (everyColumnMatters) {
                    throw new IllegalArgumentException("column " + (i + 1)
                            + " has no name; name it or give the feature list explicitly");
                }
                continue;
            }
            Integer previous = indexByName.putIfAbsent(name, i);
            if (previous != null) {
                throw new IllegalArgumentException("column '" + name + "' appears twice (columns "
                        + (previous + 1) + " and " + (i + 1) + ")");
            }
        }
        return indexByName;
    }

    private static List<String> allNonReserved(List<String> columns) {
        return columns.stream().filter(c -> !RESERVED.contains(c)).toList();
    }

    private static List<String> checkedFeatures(
            List<String> wanted, Map<String, Integer> indexByName, List<String> columns) {
        Set<String> seen = new HashSet<>();
        for (String name : wanted) {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is a reserved column and cannot be a feature");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("feature '" + name + "' is listed twice");
            }
            if (!indexByName.containsKey(name)) {
                throw new IllegalArgumentException(
                        "feature '" + name + "' is not a column; the header has " + columns);
            }
        }
        return wanted;
    }

    public List<String> columns() {
        return columns;
    }

    public int columnCount() {
        return columns.size();
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** Column position of the i-th feature. */
    public int featureIndex(int i) {
        return featureIndices[i];
    }

    /** Position of a named column, or -1 when the file does not have it. */
    public int indexOf(String column) {
        return indexByName.getOrDefault(column, -1);
    }

    public boolean has(String column) {
        return indexByName.containsKey(column);
    }

    @Override
    public String toString() {
        return "CsvHeader{columns=" + columns + ", features=" + featureNames + "}";
    }
}
