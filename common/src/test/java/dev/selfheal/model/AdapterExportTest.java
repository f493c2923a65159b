package dev.selfheal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.drift.TrainingStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The export's safetensors file: the format's layout, and read back it is the served adapter. */
class AdapterExportTest {
    private static final int D = 4;

    private static FraudModel model(int hidden, int width) {
        SplittableRandom rng = new SplittableRandom(hidden + 7L * width);
        List<String> features = List.of("a", "b", "c", "d");
        float[][] rows = new float[20][D];
        for (float[] r : rows) {
            for (int j = 0; j < D; j++) {
                r[j] = (float) rng.nextGaussian();
            }
        }
        return new FraudModel("m1", features, 0.4, null, "b", Standardizer.fit(rows),
                FrozenWeights.initial(D, hidden, rng), Adapter.initial(new AdapterShape(hidden, width), rng),
                TrainingStats.of(features, rows), Map.of("head_output", "logit"), Map.of());
    }

    /** A served vector with a moved adapter and a calibration that is not the identity. */
    private static float[] healed(FraudModel m) {
        SplittableRandom rng = new SplittableRandom(3);
        float[] a = m.adapter().params().clone();
        for (int i = 0; i < a.length; i++) {
            a[i] += (float) rng.nextGaussian() * 0.1f;
        }
        Calibration c = new Calibration(new float[] {1.1f, 0.9f, 1f, 1.3f}, new float[] {0.2f, -2.2f, 0f, 0.5f},
                1.4f, -0.3f);
        return new ServedAdapter(new Adapter(m.adapterShape(), a), c).toVector();
    }

    @Test
    void readBackItIsTheServedAdapterBitForBit() {
        for (int[] hw : new int[][] {{32, 32}, {24, 8}, {64, 64}}) {
            FraudModel m = model(hw[0], hw[1]);
            float[] vector = healed(m);
            byte[] file = AdapterExport.safetensors(m, vector, 17);
            ServedAdapter back = AdapterExport.read(file, m.adapterShape(), D);
            assertThat(back.toVector()).as("H=%d W=%d", hw[0], hw[1]).isEqualTo(vector);
        }
    }

    @Test
    void theFileIsSafetensorsLittleEndianHeaderLengthJsonHeaderThenRawData() throws Exception {
        FraudModel m = model(32, 8);
        byte[] file = AdapterExport.safetensors(m, healed(m), 5);
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + n) % 8).as("data starts 8-byte aligned").isZero();
        JsonNode header = new ObjectMapper().readTree(new String(file, 8, (int) n, StandardCharsets.UTF_8));
        JsonNode w = header.get("adapter.0.weight");
        assertThat(w.get("dtype").asText()).isEqualTo("F32");
        assertThat(w.get("shape").toString()).isEqualTo("[8,32]");
        assertThat(header.at("/adapter.2.weight/shape").toString()).isEqualTo("[32,8]");
        assertThat(header.at("/__metadata__/version").asText()).isEqualTo("5");
        assertThat(header.at("/__metadata__/features").asText()).isEqualTo("a,b,c,d");
        long start = w.get("data_offsets").get(0).asLong();
        float first = ByteBuffer.wrap(file, (int) (8 + n + start), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        float[] served = healed(m);
        assertThat(first).isEqualTo(served[m.adapterShape().w1Offset()]);
        long last = 0;
        for (var it = header.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().equals("__metadata__")) {
                last = Math.max(last, e.getValue().get("data_offsets").get(1).asLong());
            }
        }
        assertThat(file.length).isEqualTo(8 + n + last);
    }

    @Test
    void aVectorOfAnotherModelOrAFileOfAnotherShapeIsRefused() {
        FraudModel m = model(32, 32);
        assertThatThrownBy(() -> AdapterExport.safetensors(m, new float[10], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("served adapter vector has 10 floats");
        byte[] file = AdapterExport.safetensors(m, healed(m), 2);
        assertThatThrownBy(() -> AdapterExport.read(file, new AdapterShape(32, 8), D))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adapter.0.weight");
        assertThatThrownBy(() -> AdapterExport.read(Arrays.copyOf(file, 6), m.adapterShape(), D))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a safetensors file");
    }

    @Test
    void writesTheFileAndThePythonModule(@TempDir Path dir) throws Exception {
        FraudModel m = model(32, 32);
        AdapterExport.write(m, healed(m), 9, dir);
        assertThat(dir.resolve(AdapterExport.FILE)).exists();
        assertThat(Files.readString(dir.resolve(AdapterExport.MODULE))).contains("def load(", "adapter.0.weight");
    }
}
