package dev.selfheal.lab.cli;

import dev.selfheal.job.cli.Main;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The TorchScript fixtures `import` is tested on, and the scenario files the imports are checked against. */
final class ImportFixtures {
    static final Path FIXTURES = Path.of("..", "common", "src", "test", "resources", "torchscript");

    private ImportFixtures() {}

    /** Runs `import` on two fixture files; returns the exit code. */
    static int importModel(String backbone, String head, Path sample, Path model) {
        return Main.execute("import", "--backbone", FIXTURES.resolve(backbone).toString(), "--head",
                FIXTURES.resolve(head).toString(), "--data", sample.toString(), "--out", model.toString());
    }

    /** The `shift` scenario's files (seed 3) under {@code dir}/data, generated once. */
    static Path generate(Path dir) {
        Path data = dir.resolve("data");
        if (!Files.exists(data)) {
            assertThat(Main.execute("generate", "--scenario", "shift", "--out", data.toString(), "--seed", "3"))
                    .isZero();
        }
        return data;
    }
}
