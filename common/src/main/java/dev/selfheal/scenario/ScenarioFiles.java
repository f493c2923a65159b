package dev.selfheal.scenario;

import dev.selfheal.data.TransactionCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a generated scenario as the CSV files the {@code generate} command promises. */
public final class ScenarioFiles {
    public static final String TRAIN = "train.csv";
    public static final String CLEAN_TEST = "clean_test.csv";
    public static final String STREAM = "stream.csv";
    public static final String HOLDOUT = "holdout.csv";

    private ScenarioFiles() {}

    /** Creates {@code dir} if needed and (over)writes the four files in it. */
    public static void write(ScenarioData data, Path dir) throws IOException {
        Files.createDirectories(dir);
        TransactionCsv.write(dir.resolve(TRAIN), data.train());
        TransactionCsv.write(dir.resolve(CLEAN_TEST), data.cleanTest());
        TransactionCsv.write(dir.resolve(STREAM), data.stream());
        TransactionCsv.write(dir.resolve(HOLDOUT), data.holdout());
    }
}
