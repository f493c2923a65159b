package dev.selfheal.job.experiment;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.HoldBack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How labels reach the healer in an experiment: {@code immediate} (right after their transactions,
 * the reference), {@code delay:N} (N batches later), {@code fraction:P} (only a share is ever
 * labelled), {@code none}. Written as the label stream {@code id,label,ts}, where ts places each
 * label in event time relative to the transactions.
 */
public record LabelRegime(String kind, int delayBatches, double fraction) {

    public static LabelRegime parse(String s) {
        String v = s == null ? "immediate" : s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.equals("immediate")) {
                return new LabelRegime("immediate", 0, 1.0);
            }
            if (v.equals("none")) {
                return new LabelRegime("none", 0, 0.0);
            }
            if (v.startsWith("delay:")) {
                int n = Integer.parseInt(v.substring(6));
                if (n >= 0) {
                    return new LabelRegime("delay", n, 1.0);
                }
            }
            if (v.startsWith("fraction:")) {
                double p = Double.parseDouble(v.substring(9));
                if (p >= 0 && p <= 1) {
                    return new LabelRegime("fraction", 0, p);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("--labels must be immediate, delay:N (N >= 0), fraction:P (0..1) or none, got '"
                + s + "'");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case "delay" -> "delay:" + delayBatches;
            case "fraction" -> "fraction:" + fraction;
            default -> kind;
        };
    }

    /**
     * A label the regime delivers: for {@code row}, at event time {@code ts}, during stream batch
     * {@code batch}.
     */
    public record Arrival(Transaction row, long ts, int batch) {}

    /** The labels this regime delivers for these stream rows (in file order), in file order. */
    public List<Arrival> arrivals(List<Transaction> stream, long seed) {
        TreeMap<Integer, Long> batchStart = new TreeMap<>();
        for (Transaction t : stream) {
            batchStart.merge(t.batch, t.ts, Math::min);
        }
        List<Arrival> out = new ArrayList<>();
        for (Transaction t : stream) {
            if (!t.hasLabel() || kind.equals("none")) {
                continue;
            }
            if (kind.equals("delay")) {
                Map.Entry<Integer, Long> later = batchStart.ceilingEntry(t.batch + delayBatches);
                if (delayBatches > 0 && (later == null || later.getKey() != t.batch + delayBatches)) {
                    continue; // its label would arrive after the stream ended
                }
                out.add(new Arrival(t, delayBatches == 0 ? t.ts : later.getValue(), t.batch + delayBatches));
            } else {
                if (kind.equals("fraction") && !HoldBack.isHeldBack("label:" + seed + ":" + t.id, fraction)) {
                    continue;
                }
                out.add(new Arrival(t, t.ts, t.batch));
            }
        }
        return out;
    }

    /** Writes the label stream for these stream rows (in file order) and returns how many labels. */
    public int write(List<Transaction> stream, Path file, long seed) throws IOException {
        TreeMap<Long, StringBuilder> byTs = new TreeMap<>();
        List<Arrival> arrivals = arrivals(stream, seed);
        for (Arrival a : arrivals) {
            byTs.computeIfAbsent(a.ts(), k -> new StringBuilder()).append(a.row().id).append(',')
                    .append(a.row().label).append(',').append(a.ts()).append('\n');
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,label,ts\n");
            for (StringBuilder b : byTs.values()) {
                w.write(b.toString());
            }
        }
        return arrivals.size();
    }
}
