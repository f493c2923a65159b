package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainConfigTest {

    @Test
    void withoutAWidthTheAdapterIsAsWideAsTheBackbone() {
        assertThat(TrainConfig.defaults().adapterWidth()).isEqualTo(64);
        assertThat(new TrainConfig(20, 100, 1e-3, 32, 42).adapterShape()).isEqualTo(AdapterShape.full(32));
        assertThat(TrainConfig.defaults().withAdapterWidth(8).withEpochs(3).withSeed(5).adapterShape())
                .isEqualTo(new AdapterShape(64, 8));
    }

    @Test
    void trainingRefusesAnAdapterWiderThanTheBackboneOrEmpty() {
        assertThatThrownBy(() -> TrainConfig.defaults().withAdapterWidth(0))
                .hasMessage("adapter width must be between 1 and the backbone width 64, got 0");
        assertThatThrownBy(() -> TrainConfig.defaults().withAdapterWidth(65))
                .hasMessage("adapter width must be between 1 and the backbone width 64, got 65");
    }
}
