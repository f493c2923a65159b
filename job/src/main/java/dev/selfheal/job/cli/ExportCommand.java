package dev.selfheal.job.cli;

import dev.selfheal.job.heal.SavepointAdapters;
import dev.selfheal.model.AdapterExport;
import dev.selfheal.model.FraudModel;
import dev.selfheal.model.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

// No standard help mixin: its -V/--version would clash with --version N (the registry version),
// and picocli then drops the whole mixin, --help included.
@Command(name = "export",
        description = "Take a healed model back to PyTorch: write the adapter and calibration of a registry version, "
                + "read from a savepoint or retained checkpoint, as " + AdapterExport.FILE + ", plus "
                + AdapterExport.MODULE + ", which rebuilds backbone + adapter + head in PyTorch from your two .pt "
                + "files and that file.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Option(names = "--savepoint", required = true, paramLabel = "PATH",
            description = "Savepoint or checkpoint directory (chk-N), its _metadata file, or a directory of "
                    + "checkpoints (the newest is read).")
    String savepoint;
    @Option(names = "--model", paramLabel = "ID", description = "Model id (default: the only model in the savepoint).")
    String model;
    @Option(names = "--version", paramLabel = "N",
            description = "Registry version (default: the version served when the savepoint was taken).")
    Long version;
    @Option(names = "--model-dir", required = true, paramLabel = "MODEL_DIR",
            description = "The model directory the job serves (from import or train): the savepoint holds the "
                    + "adapter's numbers, this gives their shape.")
    Path modelDir;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (version != null && version < 1) {
            throw new IllegalArgumentException("--version must be >= 1, got " + version);
        }
        FraudModel m = ModelDirectory.load(modelDir);
        SavepointAdapters.Found found = SavepointAdapters.read(savepoint, model, version == null ? -1 : version);
        try {
            AdapterExport.write(m, found.vector(), found.version(), out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the adapter of model '" + found.model() + "' in " + savepoint
                    + " does not fit " + modelDir + ": " + e.getMessage(), e);
        }
        System.out.printf("exported model '%s' version %d (served at the savepoint: %d) to %s: %s, %s%n",
                found.model(), found.version(), found.currentVersion(), out, AdapterExport.FILE, AdapterExport.MODULE);
        Object b = m.training().get("backbone");
        if (b instanceof java.util.Map<?, ?> backbone && m.training().get("head") instanceof java.util.Map<?, ?> head) {
            System.out.printf("in Python: selfheal_model.load(\"%s\", \"%s\", \"%s\")%n", out.resolve(AdapterExport.FILE),
                    backbone.get("path"), head.get("path"));
        } else {
            System.out.printf("in Python: selfheal_model.load(\"%s\")%n", out.resolve(AdapterExport.FILE));
        }
        return 0;
    }
}
