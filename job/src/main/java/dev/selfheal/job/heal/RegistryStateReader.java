package dev.selfheal.job.heal;

import dev.selfheal.healer.HealerState;
import dev.selfheal.job.event.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads HEAL's keyed state back out of a savepoint or retained checkpoint (State Processor API):
 * per model id, the healer's state and its registry, as one JSON object. It registers the very
 * descriptors {@link HealFunction} writes with, so names and types cannot drift apart.
 */
public final class RegistryStateReader extends KeyedStateReaderFunction<String, String> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<HealerState> healer;
    private transient MapState<Long, byte[]> registry;

    @Override
    public void open(OpenContext ctx) {
        healer = getRuntimeContext().getState(HealFunction.HEALER_STATE);
        registry = getRuntimeContext().getMapState(HealFunction.REGISTRY);
    }

    @Override
    public void readKey(String model, Context ctx, Collector<String> out) throws Exception {
        HealerState s = healer.value();
        if (s == null) {
            return; // a key that only ever held pending rows: no model state yet
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.putAll(RegistryListing.summary(s, new MapStateSnapshotStore(registry)));
        out.collect(Json.write(m));
    }
}
