package dev.selfheal.lab.cli;

import dev.selfheal.job.cli.BuildVersion;
import dev.selfheal.job.cli.CapturedStreams;
import dev.selfheal.job.cli.Main;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** What every command tells a user about itself: its version, and a description for every option. */
class CommandHelpTest {
    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    @Test
    void versionIsTheOneTheBuildStamped() {
        String built = System.getProperty("selfheal.project.version");
        assertThat(built).as("surefire passes the project version").isNotBlank();

        int code = Main.execute("--version");

        assertThat(code).isZero();
        assertThat(streams.out().lines().findFirst()).hasValue("selfheal " + built);
        assertThat(BuildVersion.version()).isEqualTo(built);
    }

    @Test
    void aSubcommandPrintsTheSameVersion() {
        assertThat(Main.execute("demo", "--version")).isZero();
        assertThat(streams.out().lines().findFirst()).hasValue("selfheal " + System.getProperty("selfheal.project.version"));
    }

    @Test
    void everyOptionAndParameterOfEveryCommandHasADescription() {
        List<String> undocumented = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        walk(Main.commandLine().getCommandSpec(), undocumented, seen);

        // The walk really reached the subcommands and their options.
        assertThat(seen).contains("selfheal demo --out", "selfheal run --config", "selfheal settings --markdown");
        assertThat(undocumented).as("options without a description").isEmpty();
    }

    @Test
    void everySubcommandPrintsItsUsageOnHelp() {
        List<String> refused = new ArrayList<>();
        List<String> names = new ArrayList<>(Main.commandLine().getSubcommands().keySet());
        names.remove("help");
        assertThat(names).contains("demo", "import", "export");
        for (String name : names) {
            int code = Main.execute(name, "--help");
            if (code != 0 || !streams.out().contains("Usage: selfheal " + name + " ")) {
                refused.add(name + " (exit " + code + ")");
            }
        }
        assertThat(refused).as("subcommands whose --help does not print their usage").isEmpty();
    }

    @Test
    void helpStartsWithPlainTextNotAnEscapeSequence() {
        assertThat(Main.execute("--help")).isZero();
        assertThat(streams.out()).startsWith("Usage: selfheal").doesNotContain("\u001B[");
    }

    private static void walk(CommandSpec command, List<String> undocumented, List<String> seen) {
        for (ArgSpec arg : command.args()) {
            String name = command.qualifiedName() + " " + label(arg);
            seen.add(name);
            String text = String.join(" ", arg.description()).trim();
            if (text.isEmpty()) {
                undocumented.add(name);
            }
        }
        for (CommandLine sub : command.subcommands().values()) {
            walk(sub.getCommandSpec(), undocumented, seen);
        }
    }

    private static String label(ArgSpec arg) {
        if (arg instanceof CommandLine.Model.OptionSpec o) {
            return o.longestName();
        }
        return arg.paramLabel();
    }
}
