package dev.selfheal.lab.it;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Card-like data whose columns share no name with the built-in generator's:
 * {@code amount, hour, merchant_risk, distance, velocity, label}. Fraud depends on
 * {@code merchant_risk} and {@code velocity} (logistic, about 15% fraud); the other three are noise
 * with their own shapes (log-normal amounts, whole hours, exponential distances). Files carry no
 * id, key, ts or batch column, as a user's export often does not.
 */
public final class OtherColumnsData {
    public static final String HEADER = "amount,hour,merchant_risk,distance,velocity,label";

    private OtherColumnsData() {}

    /**
     * Writes {@code train.csv}, {@code stream.csv} and {@code holdout.csv} into {@code dir}; the
     * stream and holdout have {@code distance} moved by {@code distanceShift} (a drift that does
     * not change who commits fraud).
     */
    public static Path write(Path dir, long seed, int trainRows, int streamRows, int holdoutRows,
                             double distanceShift) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rng = new SplittableRandom(seed);
        write(dir.resolve("train.csv"), rng, trainRows, 0);
        write(dir.resolve("stream.csv"), rng, streamRows, distanceShift);
        write(dir.resolve("holdout.csv"), rng, holdoutRows, distanceShift);
        return dir;
    }

    private static void write(Path file, SplittableRandom rng, int rows, double distanceShift) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < rows; i++) {
                double amount = Math.exp(3.5 + rng.nextGaussian());
                int hour = rng.nextInt(24);
                double merchantRisk = rng.nextDouble();
                double distance = -20 * Math.log(1 - rng.nextDouble()) + distanceShift;
                int velocity = poisson(rng, 2.0);
                double logit = -5.5 + 4.0 * merchantRisk + 0.6 * velocity;
                int label = rng.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
                w.write(String.format(Locale.ROOT, "%.2f,%d,%.4f,%.2f,%d,%d\n", amount, hour, merchantRisk, distance,
                        velocity, label));
            }
        }
    }

    private static int poisson(SplittableRandom rng, double mean) {
        double limit = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > limit);
        return k - 1;
    }
}
