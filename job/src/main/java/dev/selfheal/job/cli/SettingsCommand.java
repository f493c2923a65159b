package dev.selfheal.job.cli;

import dev.selfheal.job.config.Setting;
import dev.selfheal.job.config.Settings;
import dev.selfheal.job.config.SettingsMarkdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "List every configuration key with its default, allowed values and meaning.")
final class SettingsCommand implements Callable<Integer> {
    @Option(names = "--markdown",
            description = "Print the list as Markdown tables grouped by feature (the text of docs/configuration.md).")
    boolean markdown;

    @Override
    public Integer call() {
        if (markdown) {
            System.out.print(SettingsMarkdown.render(Settings.groups()));
            return 0;
        }
        for (Setting<?> s : Settings.all()) {
            System.out.printf("%-28s default %-10s %s (%s)%n", s.key(), "'" + s.defaultValue() + "'", s.description(),
                    s.allowed());
        }
        System.out.println("flink.*                      passed to Flink without the prefix, e.g. flink.state.backend.type");
        return 0;
    }
}
