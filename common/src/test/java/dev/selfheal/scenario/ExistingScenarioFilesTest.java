package dev.selfheal.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The files {@code generate --scenario NAME --seed 1} writes for the scenarios the zoo's published
 * figures were measured on, pinned byte for byte: adding scenarios must not change a single row of
 * these, or the published figures would no longer be reproducible.
 */
class ExistingScenarioFilesTest {
    private static final String TRAIN = "1b52f32b3e13d343ea3bc54a7187667c0e33ca4dc95c2df1ade8b8b1a5a6f7c3";
    private static final String CLEAN_TEST = "e084059edeed9d7a1a23e635d3d5e737de624a752ab22cc7bc2a22b925d16e9f";

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "seed,      ece41073bfc4ccce1989d9a5f6a2cea1e32639f6dfe8ed39dd86a9c5e2f49587, 41760aec90c9eb6da18d46bca7d874eac7440544c240d3a446290eb0f316483e",
        "shift,     f48b58edb52fb115649e25b6f93126e865012d848425e42cbb3488711a48352a, 11a4e1cf783d73b54ceaca610314d08bebb40246a3cda4e0564daf11272c637d",
        "gradual,   66e3e0c4fc7d8de7b4d490bb410965d70eea79c49366ad33d4df2fcbe43ee042, 11a4e1cf783d73b54ceaca610314d08bebb40246a3cda4e0564daf11272c637d",
        "recurring, f694d5f94ea1f5b354a8197efe0f1864eb6cb6928f12273dc0826abe8c3d0a8a, 11a4e1cf783d73b54ceaca610314d08bebb40246a3cda4e0564daf11272c637d",
        "prior,     625a4f806a72bb683609e78eb7c31251d4f54fcf96043e24576e1287f59045a7, c805be5821f9e0792da7b92ca7a3411473c38905c6334ae5e95149522c1fb646",
        "noise,     b17e97c86e2db8427cc10f225865243296772d56ad3d89e07583893e468bca0e, 47d296cc5910abf617dc2b8731edf903a4e73cb69551b28c8fd353ccd6a3d9a9",
        "poison,    757a08a81b6f9b62ac81d5c278206796b0f03a99b6a4a3c885781b7db032442c, 11a4e1cf783d73b54ceaca610314d08bebb40246a3cda4e0564daf11272c637d",
    })
    void seedOneFilesAreUnchanged(String scenario, String stream, String holdout) throws IOException {
        ScenarioFiles.write(new ScenarioGenerator(Scenario.parse(scenario), 1).generate(), dir);
        assertThat(sha256(dir.resolve(ScenarioFiles.TRAIN))).isEqualTo(TRAIN);
        assertThat(sha256(dir.resolve(ScenarioFiles.CLEAN_TEST))).isEqualTo(CLEAN_TEST);
        assertThat(sha256(dir.resolve(ScenarioFiles.STREAM))).isEqualTo(stream);
        assertThat(sha256(dir.resolve(ScenarioFiles.HOLDOUT))).isEqualTo(holdout);
    }

    /** The families with training data of their own, all four files. */
    @ParameterizedTest
    @CsvSource({
        "sea,        ba64c7bfae539309166097d2d049f12da1f7c94340b9d58d94c9251f8cf1008a, "
                + "5090f14a7724c22c8fb609ff81f3811e9395b8bc168e819416caab87e413e159, "
                + "84150a2fdf568a2e7fd99277b6dc7936884e938be1139a558860c72915457be7, "
                + "afa2c949a715682eb8e10b078770662b987069fb2cd82092af35a378c96a2c06",
        "hyperplane, 5a19b2d4a84498234f20d4a7cdfbddef2691ec083ea45c883502caa2a46025b3, "
                + "f8593df11f324b0b0e9d3a1b81f9687b2549b81baff22cf37d19535ca662d5a1, "
                + "cec5bf937e92cf7020cab734090330e4b217ac82de90106b5a97766b5199211d, "
                + "79e577f500c78f217c7b99439f518bd99a592826a3ad4b19e642207576da6ad8",
    })
    void seedOneFilesOfTheConceptSwitchesAreUnchanged(String scenario, String train, String cleanTest, String stream,
                                                      String holdout) throws IOException {
        ScenarioFiles.write(new ScenarioGenerator(Scenario.parse(scenario), 1).generate(), dir);
        assertThat(sha256(dir.resolve(ScenarioFiles.TRAIN))).isEqualTo(train);
        assertThat(sha256(dir.resolve(ScenarioFiles.CLEAN_TEST))).isEqualTo(cleanTest);
        assertThat(sha256(dir.resolve(ScenarioFiles.STREAM))).isEqualTo(stream);
        assertThat(sha256(dir.resolve(ScenarioFiles.HOLDOUT))).isEqualTo(holdout);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
