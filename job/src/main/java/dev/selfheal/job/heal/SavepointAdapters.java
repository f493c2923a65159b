package dev.selfheal.job.heal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.heal.Snapshot;
import dev.selfheal.healer.HealerState;
import dev.selfheal.job.event.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's served-adapter vector read out of a savepoint or retained checkpoint: the version
 * HEAL served when it was taken, or any version its registry still holds.
 */
public final class SavepointAdapters {
    private SavepointAdapters() {}

    /** A version's served-adapter vector (adapter and calibration) and the version HEAL was serving. */
    public record Found(String model, long version, long currentVersion, float[] vector) {}

    /**
     * @param model   the model id, or null for the only model in the savepoint
     * @param version a registry version, or -1 for the one served when the savepoint was taken
     * @throws IllegalArgumentException with one line when the model or version is not there
     */
    public static Found read(String location, String model, long version) throws Exception {
        List<JsonNode> found = SavepointRegistry.readHealState(location, new Reader(version));
        if (model == null) {
            if (found.size() != 1) {
                throw new IllegalArgumentException(location + " holds " + found.size() + " models "
                        + found.stream().map(m -> m.path("model").asText()).toList() + ": name one with --model");
            }
            return toFound(found.get(0), version, location);
        }
        for (JsonNode m : found) {
            if (m.path("model").asText().equals(model)) {
                return toFound(m, version, location);
            }
        }
        throw new IllegalArgumentException("model '" + model + "' has no state in " + location);
    }

    private static Found toFound(JsonNode m, long version, String location) {
        if (!m.hasNonNull("adapter")) {
            JsonNode held = m.path("versions");
            throw new IllegalArgumentException("model '" + m.path("model").asText() + "' has no version " + version
                    + " in " + location + " (its registry holds " + held.size() + " versions"
                    + (held.isEmpty() ? "" : ", " + held.get(0).asLong() + " to " + held.get(held.size() - 1).asLong())
                    + ")");
        }
        byte[] b = Base64.getDecoder().decode(m.path("adapter").asText());
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = buf.getFloat();
        }
        return new Found(m.path("model").asText(), m.path("version").asLong(), m.path("current_version").asLong(), v);
    }

    /** Emits, per model, the asked version's vector (little-endian float32, base64) and the versions held. */
    static final class Reader extends KeyedStateReaderFunction<String, String> {
        private static final long serialVersionUID = 1L;
        private final long version;
        private transient ValueState<HealerState> healer;
        private transient MapState<Long, byte[]> registry;

        Reader(long version) {
            this.version = version;
        }

        @Override
        public void open(OpenContext ctx) {
            healer = getRuntimeContext().getState(HealFunction.HEALER_STATE);
            registry = getRuntimeContext().getMapState(HealFunction.REGISTRY);
        }

        @Override
        public void readKey(String model, Context ctx, Collector<String> out) throws Exception {
            HealerState s = healer.value();
            if (s == null) {
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("current_version", s.currentVersion);
            MapStateSnapshotStore store = new MapStateSnapshotStore(registry);
            float[] vector = null;
            long v = version < 0 ? s.currentVersion : version;
            if (version < 0) {
                vector = s.currentAdapter;
            } else {
                Snapshot snap = store.get(version);
                vector = snap == null ? null : snap.adapter();
            }
            m.put("version", v);
            if (vector != null) {
                ByteBuffer b = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : vector) {
                    b.putFloat(f);
                }
                m.put("adapter", Base64.getEncoder().encodeToString(b.array()));
            }
            java.util.List<Long> versions = new java.util.ArrayList<>();
            store.versions().forEach(versions::add);
            m.put("versions", versions);
            out.collect(Json.write(m));
        }
    }
}
