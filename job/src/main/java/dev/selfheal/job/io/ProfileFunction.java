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

    @Override
    public void processElement(Transaction t, Context ctx, Collector<HealInput> out) {
        if (keyFeature >= 0 && keyFeature < t.features.length) {
            sum += t.features[keyFeature];
            n++;
        }
        // Same hash family as the hold-back split, so "sampled" is reproducible per id.
        if (sampleRate >= 1.0 || HoldBack.isHeldBack("sample:" + t.id, sampleRate)) {
            sampled.inc();
            out.collect(HealInput.sample(t));
        }
    }
}
