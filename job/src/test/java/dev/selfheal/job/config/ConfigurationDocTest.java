package dev.selfheal.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from the settings; this fails when someone forgot to regenerate it. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void committedConfigurationDocMatchesTheSettings() throws Exception {
        assertThat(DOC).exists();
        String committed = Files.readString(DOC);
        String generated = SettingsMarkdown.render(Settings.groups());
        assertThat(committed)
                .as("docs/configuration.md is stale; regenerate it from the repository root with:%n  %s",
                        SettingsMarkdown.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everySettingAppearsWithItsDefaultAndDescription() {
        String md = SettingsMarkdown.render(Settings.groups());
        for (Setting<?> s : Settings.all()) {
            assertThat(md).contains("| `" + s.key() + "` |");
        }
        assertThat(Settings.all()).hasSizeGreaterThan(10);
        assertThat(md).contains("| `heal.steps` | `5` | an integer in [1, 10000] | Adam steps per heal");
        assertThat(md).contains("| `model.dir` | (empty) |");
    }

    @Test
    void eachGroupIsASectionAndEachProfileSaysWhatItChanges() {
        String md = SettingsMarkdown.render(Settings.groups());

        for (SettingGroup g : Settings.groups()) {
            assertThat(md).contains("\n## " + g.title() + "\n");
        }
        assertThat(md).contains("- `selfheal`: the defaults below.\n")
                .contains("- `reference`: `recalibrate.enabled: false`, ").contains("`validate.metric: accuracy+f1`");
    }

    @Test
    void pipesAndLineBreaksInADescriptionStayInsideTheirCell() {
        Setting<String> odd = Setting.text("x.odd", "a", "one | two\nthree");
        String md = SettingsMarkdown.render(List.of(new SettingGroup("Odd", List.of(odd))));
        assertThat(md).contains("## Odd\n").contains("| `x.odd` | `a` | text | one \\| two three |\n");
    }
}
