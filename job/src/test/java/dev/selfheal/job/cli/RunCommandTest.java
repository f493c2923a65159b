package dev.selfheal.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.Settings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunCommandTest {
    @Test
    void theOutputsLineNamesTheAbsoluteDirectoriesAndAKafkaTopicWhenScoredEventsGoThere() {
        Path relative = Path.of("run-out");
        String files = RunCommand.outputsLine(JobConfig.defaults(), relative);
        String abs = relative.toAbsolutePath().normalize().toString();
        assertThat(files).startsWith("selfheal: scored events to " + abs + "/scored/;")
                .contains("under " + abs + "/ (metrics/, events/, dead-letters/, adapters/, applied/)");

        String kafka = RunCommand.outputsLine(JobConfig.defaults().with(Settings.KAFKA_SCORED_TOPIC, "scored"), relative);
        assertThat(kafka).startsWith("selfheal: scored events to Kafka topic 'scored';").doesNotContain("/scored/");
    }
}
