package dev.selfheal.job.heal;

import org.apache.flink.api.common.state.ValueState;

/** One key's value state in memory, for HEAL's collaborators without a Flink harness. */
final class TestingValueState<V> implements ValueState<V> {
    V value;

    @Override
    public V value() {
        return value;
    }

    @Override
    public void update(V v) {
        value = v;
    }

    @Override
    public void clear() {
        value = null;
    }
}
