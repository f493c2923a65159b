package dev.selfheal.lab.bench;

import dev.selfheal.data.Transaction;
import dev.selfheal.job.io.ProfileFunction;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-generated transactions the benchmark's source cycles through, so the source costs a few
 * field copies per event and the job's own work is what gets measured.
 *
 * <p>PROFILE samples by a hash of the id ({@code sample.rate}); labels come from the transactions'
 * label column. So that HEAL sees exactly the sample with its labels and nothing else (a label on
 * every event would flood HEAL's state), exactly every {@code sampleEvery}-th event carries an id
 * known to hash into the sample, and a label; every other event an id known to hash out, and no
 * label. Each model cycles through {@code sampledIds}, long enough that an id never meets its
 * previous use in HEAL's state.
 */
final class TransactionPool implements Serializable {
    private static final long serialVersionUID = 1L;

    final String[] ids;
    final String[] keys;
    final float[][] features;
    final int[] labels;
    final String[] sampledIds;
    final int sampleEvery;

    private TransactionPool(String[] ids, String[] keys, float[][] features, int[] labels, String[] sampledIds,
                            int sampleEvery) {
        this.ids = ids;
        this.keys = keys;
        this.features = features;
        this.labels = labels;
        this.sampledIds = sampledIds;
        this.sampleEvery = sampleEvery;
    }

    /**
     * @param rows       scenario rows to cycle through (features, keys, labels)
     * @param size       pool size
     * @param sampleRate PROFILE's {@code sample.rate}
     * @param sampled    distinct sampled ids to cycle through
     */
    static TransactionPool of(List<Transaction> rows, int size, double sampleRate, int sampled) {
        String[] ids = new String[size];
        String[] keys = new String[size];
        float[][] features = new float[size][];
        int[] labels = new int[size];
        long candidate = 0;
        for (int i = 0; i < size; i++) {
            Transaction t = rows.get(i % rows.size());
            String id;
            do {
                id = "b" + candidate++;
            } while (isSampled(id, sampleRate));
            ids[i] = id;
            keys[i] = t.key;
            features[i] = t.features.clone();
            labels[i] = t.label;
        }
        List<String> inSample = new ArrayList<>(sampled);
        for (long c = 0; inSample.size() < sampled; c++) {
            String id = "s" + c;
            if (isSampled(id, sampleRate)) {
                inSample.add(id);
            }
        }
        int every = (int) Math.max(1, Math.round(1.0 / sampleRate));
        return new TransactionPool(ids, keys, features, labels, inSample.toArray(new String[0]), every);
    }

    /** PROFILE's own test (ProfileFunction), so the pool and the job agree on the sample. */
    static boolean isSampled(String id, double sampleRate) {
        return ProfileFunction.isSampled(id, sampleRate);
    }

    int size() {
        return ids.length;
    }
}
