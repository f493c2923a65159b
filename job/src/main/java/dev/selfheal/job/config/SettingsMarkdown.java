package dev.selfheal.job.config;

import java.util.List;

/**
 * The configuration reference, docs/configuration.md, written from the settings themselves so that
 * the document cannot drift from the code ({@code selfheal settings --markdown}).
 */
public final class SettingsMarkdown {
    /** How to regenerate the file; also printed by the test that finds it stale. */
    public static final String REGENERATE =
            "mvn -B -q package -DskipTests && java -jar lab/target/selfheal.jar settings --markdown > docs/configuration.md";

    private SettingsMarkdown() {}

    public static String render(List<SettingGroup> groups) {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n");
        md.append("<!-- Generated from the settings in the code: edit the descriptions there, then run\n");
        md.append("     ").append(REGENERATE).append(" -->\n\n");
        md.append("A run reads a YAML or JSON file (`--config FILE`; nested or dotted keys). `demo` and `experiment`\n");
        md.append("also take `--set key=value`. Unknown keys and out-of-range values are refused with one line before\n");
        md.append("anything starts. `selfheal settings` prints the same list on the console.\n\n");
        md.append("Keys starting with `flink.` are passed to Flink without the prefix, e.g.\n");
        md.append("`flink.state.backend.type`.\n\n");
        md.append("`profile` picks the defaults of some keys; a key set explicitly wins over the profile:\n\n");
        for (Profile p : Profile.values()) {
            md.append("- `").append(p.id()).append("`: ").append(profileText(p)).append('\n');
        }
        for (SettingGroup group : groups) {
            md.append("\n## ").append(group.title()).append("\n\n");
            md.append("| key | default | allowed | meaning |\n");
            md.append("|---|---|---|---|\n");
            for (Setting<?> s : group.settings()) {
                md.append("| `").append(s.key()).append("` | ").append(defaultText(s.defaultValue())).append(" | ")
                        .append(cell(s.allowed())).append(" | ").append(cell(s.description())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String profileText(Profile p) {
        if (p.overrides().isEmpty()) {
            return "the defaults below.";
        }
        StringBuilder t = new StringBuilder();
        p.overrides().forEach((s, v) -> t.append(t.isEmpty() ? "" : ", ").append('`').append(s.key()).append(": ")
                .append(v).append('`'));
        return t.append('.').toString();
    }

    private static String defaultText(Object value) {
        String v = String.valueOf(value);
        return v.isEmpty() ? "(empty)" : "`" + v.replace("`", "'") + "`";
    }

    /** A table cell: pipes would end the cell early, line breaks the row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
