package dev.selfheal.job.cli;

import dev.selfheal.model.DjlBootstrap;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The one entry point: {@code java -jar selfheal.jar <command>}, and the main class {@code flink run}
 * submits. DJL's switches are set before anything else loads DJL. The production commands are
 * listed here; the lab's commands ({@code demo}, {@code experiment}, {@code zoo}, {@code bench}) join
 * them through {@link CommandSet} when the lab module is on the class path (the CLI jar), and are
 * absent from the cluster jar.
 */
@Command(name = "selfheal", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Keeps a deployed PyTorch fraud model healthy under drift, as a Flink job.")
public final class Main implements Runnable {
    /** The production commands, in the order {@code --help} lists them after the lab's. */
    static final List<Class<?>> COMMANDS = List.of(TrainCommand.class, RunCommand.class, GenerateCommand.class,
            SettingsCommand.class, RegistryCommand.class, SignCommand.class, ImportCommand.class, ExportCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        DjlBootstrap.init();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable root = rootCause(e);
            if (root instanceof IllegalArgumentException || root instanceof java.io.FileNotFoundException
                    || root instanceof java.nio.file.NoSuchFileException) {
                cmd.getErr().println("selfheal: " + oneLine(root));
                return 2;
            }
            cmd.getErr().println("selfheal: failed: " + oneLine(root));
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    /** The whole command tree: the lab's commands (when present), the production ones, {@code help}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (CommandSet set : ServiceLoader.load(CommandSet.class)) {
            set.commands().forEach(cl::addSubcommand);
        }
        COMMANDS.forEach(cl::addSubcommand);
        cl.addSubcommand(CommandLine.HelpCommand.class);
        // Every subcommand offers -V through the standard help mixin; let it print the same version.
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new BuildVersion());
        }
        return cl;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof IllegalArgumentException)) {
            t = t.getCause();
        }
        return t;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            m = "file not found: " + m;
        }
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
