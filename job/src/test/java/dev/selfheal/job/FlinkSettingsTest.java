package dev.selfheal.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.job.config.JobConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/** Backpressure settings are in force (read back through Flink's own typed options) and overridable. */
class FlinkSettingsTest {
    @Test
    void bufferDebloatingAndUnalignedCheckpointsFromTheStartAreOn() {
        Configuration c = FlinkSettings.of(JobConfig.defaults(), null, null, 0);
        assertThat(c.get(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED)).isTrue();
        assertThat(c.get(CheckpointingOptions.ENABLE_UNALIGNED)).isTrue();
        assertThat(c.get(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT)).isEqualTo(Duration.ZERO);
    }

    @Test
    void anOccasionalFailedCheckpointIsRiddenOutAsConfigured() {
        assertThat(FlinkSettings.of(JobConfig.defaults(), null, null, 0)
                .get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isEqualTo(3);
        assertThat(FlinkSettings.of(JobConfig.defaults().with(Map.of("checkpoint.tolerable-failures", 0)), null, null, 0)
                .get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isZero();
    }

    @Test
    void flinkKeysInTheConfigWin() {
        JobConfig cfg = JobConfig.defaults().with(Map.of("flink.execution.checkpointing.unaligned.enabled", "false"));
        assertThat(FlinkSettings.of(cfg, null, null, 0).get(CheckpointingOptions.ENABLE_UNALIGNED)).isFalse();
    }
}
