package dev.selfheal.lab.experiment;

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
 * labelled), {@code none}, and {@code requested:B[:D]} (a simulated investigator answers only the
 * label requests HEAL makes, within {@code labels.budget} B, D batches after the next one; see
 * {@link SimulatedInvestigator}). The fixed regimes are written as the label stream
 * {@code id,label,ts}, where ts places each label in event time relative to the transactions; the
 * requested regime's labels are decided while the job runs. For {@code requested},
 * {@code fraction} holds B and {@code delayBatches} holds D.
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
            if (v.startsWith("requested:")) {
                String[] parts = v.substring(10).split(":", -1);
                double b = Double.parseDouble(parts[0]);
                int d = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                if (parts.length <= 2 && b >= 0 && b <= 1 && d >= 0) {
                    return new LabelRegime("requested", d, b);
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
        throw new IllegalArgumentException("--labels must be immediate, delay:N (N >= 0), fraction:P (0..1), "
                + "requested:B[:D] (B 0..1, D >= 0) or none, got '" + s + "'");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case "delay" -> "delay:" + delayBatches;
            case "fraction" -> "fraction:" + fraction;
            case "requested" -> "requested:" + fraction + (delayBatches > 0 ? ":" + delayBatches : "");
            default -> kind;
        };
    }

    /**
     * A label the regime delivers: for {@code row}, at event time {@code ts}, during stream batch
     * {@code batch}.
     */
    public record Arrival(Transaction row, long ts, int batch) {}

    /** Labels come from HEAL's requests, answered while the job runs, not from a file written before. */
    public boolean requested() {
        return kind.equals("requested");
    }

    /**
     * The labels this regime delivers for these stream rows (in file order), in file order; none for
     * {@code requested}, whose labels only the run decides.
     */
    public List<Arrival> arrivals(List<Transaction> stream, long seed) {
        TreeMap<Integer, Long> batchStart = new TreeMap<>();
        for (Transaction t : stream) {
            batchStart.merge(t.batch, t.ts, Math::min);
        }
        List<Arrival> out = new ArrayList<>();
        for (Transaction t : stream) {
            if (!t.hasLabel() || kind.equals("none") || requested()) {
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
