package dev.selfheal.healer;

import dev.selfheal.model.AdamState;
import dev.selfheal.model.Adapter;
import dev.selfheal.model.AdapterTrainer;
import dev.selfheal.model.HealBatch;
import dev.selfheal.model.HealConfig;
import dev.selfheal.model.HealResult;

/** A gradient heal without DJL: multiplies every adapter weight by a factor and counts its calls. */
final class TestingTrainer implements AdapterTrainer {
    private final float factor;
    int calls;
    boolean closed;

    TestingTrainer(float factor) {
        this.factor = factor;
    }

    @Override
    public HealResult heal(Adapter current, AdamState optimizer, HealBatch batch, HealConfig config) {
        calls++;
        float[] p = current.params().clone();
        for (int i = 0; i < p.length; i++) {
            p[i] *= factor;
        }
        float[] m = optimizer.m().clone();
        m[0] += 1;
        return new HealResult(new Adapter(current.shape(), p), new AdamState(m, optimizer.v(), optimizer.step() + 1),
                1.0, 0.9, 1.0, 1);
    }

    @Override
    public void close() {
        closed = true;
    }
}
