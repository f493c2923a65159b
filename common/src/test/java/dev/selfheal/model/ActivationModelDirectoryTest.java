package dev.selfheal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A copied chain with other activations than ReLU is written as manifest format 4, which lists
 * the activation after every frozen layer (format 5 when it names one added since: Softplus,
 * ReLU6, Hardtanh, Mish, PReLU), loads back to the same served model, and is refused when the list
 * is missing, unknown or claimed by another format; directories written before format 5 load as
 * they did; a chain of ReLU layers (also one with BatchNorm folded in) is written as it always was.
 */
class ActivationModelDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path files;
    private static ImportSample sample;

    @BeforeAll
    static void data() throws IOException {
        sample = ImportSample.write(files);
    }

    private static FraudModel imported(String fixture) {
        return sample.fixture(fixture).model();
    }

    private static JsonNode manifest(Path dir) throws IOException {
        return JSON.readTree(dir.resolve(ModelDirectory.MANIFEST).toFile());
    }

    @Test
    void aChainWithOtherActivationsIsFormat4ListingThemAndLoadsToTheSameServedModel(@TempDir Path dir)
            throws IOException {
        for (String fixture : List.of("tanh_mlphead32", "silu_gelu32", "elu_sigmoid16")) {
            FraudModel m = imported(fixture);
            Path d = dir.resolve(fixture);
            ModelDirectory.save(m, d);
            JsonNode manifest = manifest(d);
            assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT_ACTIVATIONS);
            List<String> names = m.frozen().chain().stream().map(l -> l.activation().text()).toList();
            assertThat(manifest.get("activations").toString()).isEqualTo(JSON.writeValueAsString(names));

            FraudModel back = ModelDirectory.load(d);
            assertThat(back.frozen().chain().stream().map(l -> l.activation().text()).toList()).isEqualTo(names);
            ImportedActivationsTest.assertServedByTheVectorKernelAsPyTorch(back, fixture);
            FraudModel shipped = ModelDirectory.fromFiles("shipped", ModelDirectory.readFiles(d));
            assertThat(shipped.frozen().chain().stream().map(l -> l.activation().text()).toList()).isEqualTo(names);
        }
        assertThat(manifest(dir.resolve("tanh_mlphead32")).get("activations").toString())
                .isEqualTo("[\"tanh\",\"tanh\",\"relu\"]");
        assertThat(manifest(dir.resolve("silu_gelu32")).get("activations").toString())
                .isEqualTo("[\"silu\",\"gelu_tanh\",\"gelu\"]");
    }

    @Test
    void aChainWithActivationsAddedSinceIsFormat5AndLoadsToTheSameServedModel(@TempDir Path dir) throws IOException {
        for (String fixture : List.of("softplus_hardtanh16", "mish_prelu16")) {
            FraudModel m = imported(fixture);
            Path d = dir.resolve(fixture);
            ModelDirectory.save(m, d);
            JsonNode manifest = manifest(d);
            assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT_LATER_ACTIVATIONS);
            List<String> names = m.frozen().chain().stream().map(l -> l.activation().text()).toList();
            assertThat(manifest.get("activations").toString()).isEqualTo(JSON.writeValueAsString(names));
            FraudModel back = ModelDirectory.load(d);
            assertThat(back.frozen().chain().stream().map(DenseLayer::activation).toList())
                    .isEqualTo(m.frozen().chain().stream().map(DenseLayer::activation).toList());
            ImportedActivationsTest.assertServedByTheVectorKernelAsPyTorch(back, fixture);
        }
        assertThat(manifest(dir.resolve("softplus_hardtanh16")).get("activations").toString())
                .isEqualTo("[\"softplus(2.0,5.0)\",\"hardtanh(-0.5,2.0)\",\"relu6\"]");
        Path d = dir.resolve("mish_prelu16");
        // an activation added since, in a format 4 manifest, and a per-unit PReLU of another width are refused
        assertRefused(d, m -> m.put("format", ModelDirectory.FORMAT_ACTIVATIONS), "needs manifest format 5");
        assertRefused(d, m -> ((ArrayNode) m.get("activations")).set(2, "prelu(0.1,0.2)"),
                "one per unit needs 16");
    }

    @Test
    void modelDirectoriesWrittenWithTheFirstActivationsLoadAndScoreAsBefore() throws Exception {
        Path old = Path.of(ActivationModelDirectoryTest.class.getResource("/model-dirs/first-activations").toURI());
        for (String fixture : List.of("tanh_mlphead32", "leaky24")) {
            assertThat(manifest(old.resolve(fixture)).get("format").asInt())
                    .isEqualTo(ModelDirectory.FORMAT_ACTIVATIONS);
            FraudModel m = ModelDirectory.load(old.resolve(fixture));
            assertThat(m.frozen().chain().stream().map(l -> l.activation().text()).toList())
                    .isEqualTo(imported(fixture).frozen().chain().stream().map(l -> l.activation().text()).toList());
            ImportedActivationsTest.assertServedByTheVectorKernelAsPyTorch(m, fixture);
        }
    }

    @Test
    void aReluChainWithBatchNormFoldedInIsWrittenAsAReluChainAlwaysWas(@TempDir Path dir) throws IOException {
        FraudModel m = imported("batchnorm32");
        ModelDirectory.save(m, dir);
        JsonNode manifest = manifest(dir);
        assertThat(manifest.get("format").asInt()).isEqualTo(ModelDirectory.FORMAT);
        assertThat(manifest.has("activations")).isFalse();
        ImportedActivationsTest.assertServedByTheVectorKernelAsPyTorch(ModelDirectory.load(dir), "batchnorm32");
    }

    @Test
    void aMissingUnknownOrMisplacedActivationListIsRefused(@TempDir Path dir) throws IOException {
        ModelDirectory.save(imported("leaky24"), dir);
        assertRefused(dir, m -> m.remove("activations"), "needs activations listing one per layer");
        assertRefused(dir, m -> ((ArrayNode) m.get("activations")).remove(0), "activations listing one per layer");
        assertRefused(dir, m -> ((ArrayNode) m.get("activations")).set(0, "swish"), "unknown activation swish");
        assertRefused(dir, m -> m.put("format", ModelDirectory.FORMAT_MLP_HEAD), "need manifest format 4");
    }

    private static void assertRefused(Path dir, Consumer<ObjectNode> edit, String message) throws IOException {
        Path manifest = dir.resolve(ModelDirectory.MANIFEST);
        String original = Files.readString(manifest);
        ObjectNode m = (ObjectNode) JSON.readTree(original);
        edit.accept(m);
        Files.writeString(manifest, JSON.writeValueAsString(m));
        try {
            assertThatThrownBy(() -> ModelDirectory.load(dir)).isInstanceOf(ModelDirectory.InvalidModelException.class)
                    .hasMessageContaining(message);
        } finally {
            Files.writeString(manifest, original);
        }
    }
}
