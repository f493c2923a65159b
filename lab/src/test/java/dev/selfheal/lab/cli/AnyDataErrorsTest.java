package dev.selfheal.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.job.cli.CapturedStreams;
import dev.selfheal.job.cli.Main;
import dev.selfheal.lab.it.OtherColumnsData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake about features, rules or labels is one line on stderr and exit code 2 before any
 * training or job, on data whose columns share no name with the built-in scenarios'.
 */
class AnyDataErrorsTest {
    private static final String FEATURES = "amount, hour, merchant_risk, distance, velocity";

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();

    Path data;

    @BeforeEach
    void data() throws IOException {
        data = OtherColumnsData.write(dir.resolve("data"), 1, 300, 200, 100, 0);
    }

    @Test
    void experimentRefusesARuleNamingAFeatureTheDataLacks() {
        assertRefused(experiment("--rules", "V14 < -1.5 => fraud"),
                "selfheal: --rules 'V14 < -1.5 => fraud': unknown feature 'V14' at 0; the features are " + FEATURES);
    }

    @Test
    void experimentRefusesARuleThatDoesNotParse() {
        assertRefused(experiment("--rules", "velocity >= => fraud"),
                "selfheal: --rules 'velocity >= => fraud': expected number after '>=' at 12");
    }

    @Test
    void experimentRefusesAKeyFeatureThatIsNotAFeature() {
        assertRefused(experiment("--key-feature", "V14"),
                "selfheal: --key-feature 'V14' is not a feature; the features are " + FEATURES);
    }

    @Test
    void experimentRefusesADriftFeatureSettingThatIsNotAFeature() {
        assertRefused(experiment("--set", "fidi.feature=V14"),
                "selfheal: fidi.feature 'V14' is not a feature; the features are " + FEATURES);
    }

    @Test
    void experimentRefusesTrainingDataWithoutALabelColumnNamingIt() throws IOException {
        Path train = data.resolve("train.csv");
        dropColumn(train, "label");

        assertRefused(experiment(), "selfheal: " + train + " has no 'label' column, which training needs "
                + "(0 = normal, 1 = fraud); its columns are " + FEATURES);
    }

    @Test
    void experimentRefusesAHoldoutWithoutLabels() throws IOException {
        Path holdout = data.resolve("holdout.csv");
        dropColumn(holdout, "label");

        assertRefused(experiment(), "selfheal: " + holdout + " has no 'label' column, which the holdout evaluation "
                + "needs (0 = normal, 1 = fraud); its columns are " + FEATURES);
    }

    @Test
    void aStreamWithoutLabelsNeedsLabelsNone() throws IOException {
        Path stream = data.resolve("stream.csv");
        dropColumn(stream, "label");

        assertRefused(experiment(), "selfheal: " + stream + " has no 'label' column, which --labels immediate (or "
                + "use --labels none) needs (0 = normal, 1 = fraud); its columns are " + FEATURES);
    }

    @Test
    void experimentRefusesAStreamWithoutOneOfTheModelsFeatures() throws IOException {
        Path stream = data.resolve("stream.csv");
        dropColumn(stream, "velocity");

        int code = Main.execute(experiment());

        assertThat(code).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().startsWith("selfheal: " + stream + ": line 1: ")
                .contains("'velocity' is not a column");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void trainRefusesARuleNamingAFeatureTheDataLacksAndWritesNoModel() {
        int code = Main.execute("train", "--data", data.resolve("train.csv").toString(), "--out",
                dir.resolve("model").toString(), "--rules", "merchant_risk > 0.9 or V14 < -1.5 => fraud");

        assertThat(code).isEqualTo(2);
        assertThat(stderrLines()).containsExactly("selfheal: --rules 'merchant_risk > 0.9 or V14 < -1.5 => fraud': "
                + "unknown feature 'V14' at 23; the features are " + FEATURES);
        assertThat(dir.resolve("model")).doesNotExist();
    }

    @Test
    void trainRefusesDataWithoutALabelColumnNamingIt() throws IOException {
        Path train = data.resolve("train.csv");
        dropColumn(train, "label");

        int code = Main.execute("train", "--data", train.toString(), "--out", dir.resolve("model").toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().contains("no 'label' column", "training");
        assertThat(dir.resolve("model")).doesNotExist();
    }

    @Test
    void aTextColumnIsOneLineThatPointsAtFeaturesAndTrainReadsOnlyTheFeaturesNamed() throws IOException {
        Path train = data.resolve("train.csv");
        List<String> lines = Files.readAllLines(train);
        List<String> withText = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            withText.add(lines.get(i) + "," + (i == 0 ? "merchant" : i % 2 == 0 ? "grocery" : "travel"));
        }
        Files.write(train, withText);

        assertThat(Main.execute("train", "--data", train.toString(), "--out", dir.resolve("m0").toString()))
                .isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().contains("column merchant", "is not a number", "--features");

        streams.reset();
        Path model = dir.resolve("model");
        assertThat(Main.execute("train", "--data", train.toString(), "--out", model.toString(), "--epochs", "1",
                "--features", "velocity, amount,hour")).as(streams.err()).isZero();
        assertThat(dev.selfheal.model.ModelDirectory.load(model).features())
                .containsExactly("velocity", "amount", "hour");
    }

    @Test
    void experimentRefusesFeaturesBesideAModelDirectory() {
        List<String> args = new ArrayList<>(Arrays.asList(experiment()));
        args.addAll(List.of("--features", "amount,hour", "--model", dir.resolve("no-model").toString()));
        assertRefused(args.toArray(String[]::new), "selfheal: --features chooses the columns a model trained here "
                + "reads; a model directory names its own (give one or the other)");
    }

    @Test
    void demoAndZooRefuseARuleOrKeyFeatureTheirDataLacks() {
        assertThat(Main.execute("demo", "--out", dir.resolve("demo").toString(), "--quiet", "--key-feature",
                "velocity")).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("selfheal: --key-feature 'velocity' is not a feature; the features are f0,");

        streams.reset();
        assertThat(Main.execute("zoo", "--out", dir.resolve("zoo").toString(), "--seeds", "1", "--scenarios", "shift",
                "--rules", "velocity > 3 => fraud")).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("selfheal: --rules 'velocity > 3 => fraud': unknown feature 'velocity' at 0;");
    }

    @Test
    void theHelpOfEachCommandListsBothFlags() {
        for (String command : List.of("train", "experiment", "demo", "zoo")) {
            streams.reset();
            assertThat(Main.execute(command, "--help")).isZero();
            assertThat(streams.out()).as(command).contains("--rules", "--key-feature");
        }
    }

    private String[] experiment(String... extra) {
        List<String> args = new ArrayList<>(List.of("experiment", "--train", data.resolve("train.csv").toString(),
                "--stream", data.resolve("stream.csv").toString(), "--holdout", data.resolve("holdout.csv").toString(),
                "--out", dir.resolve("out").toString(), "--quiet", "--epochs", "1"));
        args.addAll(Arrays.asList(extra));
        return args.toArray(new String[0]);
    }

    private void assertRefused(String[] args, String line) {
        int code = Main.execute(args);

        assertThat(code).isEqualTo(2);
        assertThat(stderrLines()).containsExactly(line);
        assertThat(dir.resolve("out")).as("nothing is written before the checks pass").doesNotExist();
    }

    private static void dropColumn(Path file, String column) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int index = Arrays.asList(lines.get(0).split(",")).indexOf(column);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(l.split(",")));
            cells.remove(index);
            out.add(String.join(",", cells));
        }
        Files.write(file, out);
    }

    private List<String> stderrLines() {
        return streams.err().lines().filter(l -> !l.isBlank()).toList();
    }
}
