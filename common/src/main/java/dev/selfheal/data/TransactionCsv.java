package dev.selfheal.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes whole transaction files in the CSV contract (see {@link CsvHeader}). */
public final class TransactionCsv {
    private TransactionCsv() {}

    /**
     * Writes {@code id,key,ts,batch,label}, then {@code true_label} only if some row's true label
     * differs from its label, then {@code model} only if some row is not for the default model, then
     * the features. UTF-8 without BOM, {@code \n} line ends; floats via {@link Float#toString}, which
     * reads back to the identical float.
     */
    public static void write(Path file, Dataset data) throws IOException {
        boolean withTrueLabel = data.rows().stream().anyMatch(t -> t.trueLabel != t.label);
        boolean withModel = data.rows().stream().anyMatch(t -> !Transaction.DEFAULT_MODEL.equals(t.model));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(
                    List.of(CsvHeader.ID, CsvHeader.KEY, CsvHeader.TS, CsvHeader.BATCH, CsvHeader.LABEL));
            if (withTrueLabel) {
                header.add(CsvHeader.TRUE_LABEL);
            }
            if (withModel) {
                header.add(CsvHeader.MODEL);
            }
            header.addAll(data.featureNames());
            out.write(String.join(",", header.stream().map(CsvFields::quote).toList()));
            out.write('\n');
            StringBuilder line = new StringBuilder(256);
            for (Transaction t : data.rows()) {
                if (t.features.length != data.dim()) {
                    throw new IllegalArgumentException("row " + t.id + " has " + t.features.length
                            + " features, the dataset names " + data.dim());
                }
                line.setLength(0);
                line.append(CsvFields.quote(t.id)).append(',')
                        .append(CsvFields.quote(t.key)).append(',')
                        .append(t.ts).append(',')
                        .append(t.batch).append(',')
                        .append(labelText(t.label));
                if (withTrueLabel) {
                    line.append(',').append(labelText(t.trueLabel));
                }
                if (withModel) {
                    line.append(',').append(CsvFields.quote(t.model == null ? "" : t.model));
                }
                for (float x : t.features) {
                    line.append(',').append(Float.toString(x));
                }
                line.append('\n');
                out.append(line);
            }
        }
    }

    private static String labelText(int label) {
        return label == Transaction.NO_LABEL ? "" : Integer.toString(label);
    }

    /**
     * Reads a whole file, failing on the first bad line: for training data, silently dropping
     * rows would change what the model learns without anyone noticing.
     *
     * @param featuresOrNull the features to take, by name, or null for every non-reserved column
     * @throws IllegalArgumentException naming the file, line and reason of the first bad line
     */
    public static Dataset read(Path file, List<String> featuresOrNull) throws IOException {
        return read(file, featuresOrNull, true).dataset();
    }

    /** Reads a whole file, collecting bad lines as dead letters instead of failing on them. */
    public static LenientRead readLenient(Path file, List<String> featuresOrNull) throws IOException {
        return read(file, featuresOrNull, false);
    }

    private static LenientRead read(Path file, List<String> featuresOrNull, boolean strict) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            TransactionParser parser = new TransactionParser(header(file, in.readLine(), featuresOrNull));
            List<Transaction> rows = new ArrayList<>();
            List<DeadLetter> deadLetters = new ArrayList<>();
            long lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                ParseResult<Transaction> r = parser.parse(line, ++lineNumber);
                if (r.ok()) {
                    rows.add(r.value());
                } else if (strict) {
                    // A text column (a merchant category, say) is read as a feature unless features are named.
                    String hint = featuresOrNull == null && r.reason() == DeadLetterReason.NON_NUMERIC
                            ? " (every column but id, key, ts, batch and label is a feature unless --features "
                                    + "names them: list the numeric ones to leave text columns out)" : "";
                    throw new IllegalArgumentException(
                            file + ": line " + lineNumber + ": " + r.reason().code() + ": " + r.message() + hint);
                } else {
                    deadLetters.add(r.deadLetter());
                }
            }
            return new LenientRead(new Dataset(parser.header().featureNames(), rows), deadLetters);
        }
    }

    private static CsvHeader header(Path file, String line, List<String> featuresOrNull) {
        if (line == null) {
            throw new IllegalArgumentException(file + ": the file is empty (a header row is required)");
        }
        try {
            return CsvHeader.parse(line, featuresOrNull);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": line 1: " + e.getMessage(), e);
        }
    }
}
