package dev.selfheal.job.score;

import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model directory's bytes, shipped inside the job graph so every TaskManager loads (and verifies)
 * the same model without a shared file system.
 */
public final class ServedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String origin;
    private final LinkedHashMap<String, byte[]> files;

    public ServedModel(String origin, Map<String, byte[]> files) {
        this.origin = origin;
        this.files = new LinkedHashMap<>(files);
    }

    public static ServedModel of(FraudModel model) {
        return new ServedModel("model:" + model.modelId(), ModelDirectory.toFiles(model));
    }

    public static ServedModel read(java.nio.file.Path dir) {
        return new ServedModel(dir.toString(), ModelDirectory.readFiles(dir));
    }

    public FraudModel load() {
        return ModelDirectory.fromFiles(origin, files);
    }
}
