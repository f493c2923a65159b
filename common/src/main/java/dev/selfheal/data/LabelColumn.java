package dev.selfheal.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code label} column is optional in the CSV contract, but training and evaluation cannot do
 * without it. Checked on the header before any work, so a file whose labels sit under another name
 * is refused in one line naming the column that is required, not half-way through training.
 */
public final class LabelColumn {
    private LabelColumn() {}

    /**
     * @param need what the labels are for, e.g. "training"; ends up in the message
     * @throws IllegalArgumentException when the header has no {@code label} column (a header that
     *     does not parse is left to the reader, which reports it with its line)
     */
    public static void require(Path file, String need) throws IOException {
        String first;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = r.readLine();
        }
        if (first == null) {
            return;
        }
        CsvHeader header;
        try {
            header = CsvHeader.parse(first, null);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (header.has(CsvHeader.LABEL)) {
            return;
        }
        List<String> columns = header.columns();
        String alike = columns.stream().filter(c -> c.equalsIgnoreCase(CsvHeader.LABEL)).findFirst()
                .map(c -> " (rename '" + c + "' to 'label': names are case-sensitive)").orElse("");
        throw new IllegalArgumentException(file + " has no '" + CsvHeader.LABEL + "' column, which " + need
                + " needs (0 = normal, 1 = fraud); its columns are " + String.join(", ", columns) + alike);
    }
}
