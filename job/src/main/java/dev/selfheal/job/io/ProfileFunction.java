package dev.selfheal.job.io;

import dev.selfheal.data.Transaction;
import dev.selfheal.healer.HoldBack;
import dev.selfheal.job.event.HealInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * PROFILE: forwards a deterministic sample of the stream to HEAL (HEAL must never see all of a
 * high-rate stream: one heal costs milliseconds) and exposes the key feature's running mean.
 */
public class ProfileFunction extends ProcessFunction<Transaction, HealInput> {
    private static final long serialVersionUID = 1L;
    private static final long SAMPLE_SALT = 0x73616d706c65L; // "sample"
    private final double sampleRate;
    private final int keyFeature;
    private transient Counter sampled;
    private transient double sum;
    private transient long n;

    public ProfileFunction(double sampleRate, int keyFeature) {
        this.sampleRate = sampleRate;
        this.keyFeature = keyFeature;
    }

    @Override
    public void open(OpenContext ctx) {
        var g = getRuntimeContext().getMetricGroup().addGroup("selfheal");
        sampled = g.counter("sampled_records");
        g.gauge("profile_key_feature_mean", () -> n == 0 ? 0.0 : sum / n);
    }

    /**
     * Whether PROFILE forwards the row with this id: the hold-back's hash family, salted so the two
     * splits are independent, and reproducible per id after a replay.
     */
    public static boolean isSampled(String id, double sampleRate) {
        return sampleRate >= 1.0 || HoldBack.isHeldBack(SAMPLE_SALT, id, sampleRate);
    }

    @Override
    public void processElement(Transaction t, Context ctx, Collector<HealInput> out) {
        if (keyFeature >= 0 && keyFeature < t.features.length) {
            sum += t.features[keyFeature];
            n++;
        }
        if (isSampled(t.id, sampleRate)) {
            sampled.inc();
            out.collect(HealInput.sample(t));
        }
    }
}
