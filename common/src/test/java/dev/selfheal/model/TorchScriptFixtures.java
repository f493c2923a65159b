package dev.selfheal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed TorchScript fixtures ({@code src/test/resources/torchscript}, made by its
 * {@code make_fixtures.py} with torch 1.13) and the outputs PyTorch gave on their probe rows.
 */
final class TorchScriptFixtures {
    private TorchScriptFixtures() {}

    static Path dir() {
        try {
            return Path.of(TorchScriptFixtures.class.getResource("/torchscript/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String relative) {
        return dir().resolve(relative);
    }

    static Expected expected(String model) {
        try {
            JsonNode m = new ObjectMapper().readTree(file("expected.json").toFile()).get("models").get(model);
            return new Expected(m.get("hidden").asInt(), names(m.get("features")), matrix(m.get("rows")),
                    matrix(m.get("h")), vector(m.get("probability")), vector(m.get("logit")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Row {@code row} of another matrix the fixture's entry holds, e.g. {@code head_hidden}. */
    static float[] expectedVector(String model, String key, int row) {
        try {
            JsonNode m = new ObjectMapper().readTree(file("expected.json").toFile()).get("models").get(model);
            return vector(m.get(key).get(row));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static float[][] matrix(JsonNode a) {
        float[][] out = new float[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vector(a.get(i));
        }
        return out;
    }

    private static float[] vector(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    static float[] flat(float[][] rows) {
        int d = rows[0].length;
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    record Expected(int hidden, List<String> features, float[][] rows, float[][] h, float[] probability,
                    float[] logit) {}
}
