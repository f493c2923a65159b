package dev.selfheal.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.KafkaSettings;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunCommandTest {
    @Test
    void theOutputsLineNamesTheAbsoluteDirectoriesAndAKafkaTopicWhenScoredEventsGoThere() {
        Path relative = Path.of("run-out");
        String files = RunCommand.outputsLine(JobConfig.defaults(), relative);
        String abs = relative.toAbsolutePath().normalize().toString();
        assertThat(files).startsWith("selfheal: scored events to " + abs + "/scored/;")
                .contains("under " + abs + "/ (metrics/, events/, dead-letters/, adapters/, applied/)");

        String kafka = RunCommand.outputsLine(JobConfig.defaults().with(KafkaSettings.SCORED_TOPIC, "scored"), relative);
        assertThat(kafka).startsWith("selfheal: scored events to Kafka topic 'scored';").doesNotContain("/scored/");
    }

    @Test
    void checkpointsGoWhereTheSettingSaysElseToTheClustersDirectoryElseUnderTheOutputDirectory() {
        Path out = Path.of("run-out");
        String local = out.toAbsolutePath().normalize().resolve("checkpoints").toUri().toString();
        assertThat(RunCommand.checkpointDir("s3://bucket/cp", Optional.of("s3://other/cp"), out)).isEqualTo("s3://bucket/cp");
        assertThat(RunCommand.checkpointDir("", Optional.of("s3://selfheal/checkpoints"), out))
                .isEqualTo("s3://selfheal/checkpoints");
        assertThat(RunCommand.checkpointDir(" ", Optional.empty(), out)).isEqualTo(local).startsWith("file:/");
        assertThat(RunCommand.checkpointDir("", Optional.of(""), out)).isEqualTo(local);
    }
}
