package dev.selfheal.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TorchScriptModuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"mlp32", "shallow24", "layernorm48"})
    void outputsMatchWhatPyTorchComputed(String name) {
        TorchScriptFixtures.Expected e = TorchScriptFixtures.expected(name);
        int n = e.rows().length;
        int d = e.rows()[0].length;
        try (TorchScriptModule backbone = TorchScriptModule.load(TorchScriptFixtures.file(name + "/backbone.pt"));
             TorchScriptModule head = TorchScriptModule.load(TorchScriptFixtures.file(name + "/head.pt"))) {
            TorchScriptModule.Tensor h = backbone.forward(TorchScriptFixtures.flat(e.rows()), n, d);
            assertThat(h.shape()).containsExactly(n, e.hidden());
            float[] want = TorchScriptFixtures.flat(e.h());
            for (int i = 0; i < want.length; i++) {
                assertThat(h.values()[i]).isCloseTo(want[i], within(1e-5f * Math.max(1f, Math.abs(want[i]))));
            }
            TorchScriptModule.Tensor p = head.forward(h.values(), n, e.hidden());
            assertThat(p.shape()).containsExactly(n, 1);
            for (int i = 0; i < n; i++) {
                assertThat(p.values()[i]).isCloseTo(e.probability()[i], within(1e-5f));
            }
        }
    }

    @Test
    void parametersAreNamedAndShapedAsInPyTorch() {
        try (TorchScriptModule m = TorchScriptModule.load(TorchScriptFixtures.file("mlp32/backbone.pt"))) {
            var p = m.parameters();
            assertThat(p.keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
            assertThat(p.get("0.weight").shape()).containsExactly(32, 10);
            assertThat(p.get("2.weight").shape()).containsExactly(32, 32);
        }
    }

    @Test
    void aTruncatedFileIsRefusedWithOneLine() {
        assertThatThrownBy(() -> TorchScriptModule.load(TorchScriptFixtures.file("bad/truncated.pt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(TorchScriptFixtures.file("bad/truncated.pt") + " is not a TorchScript module")
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aWrongInputWidthIsRefusedWithOneLine() {
        try (TorchScriptModule m = TorchScriptModule.load(TorchScriptFixtures.file("mlp32/backbone.pt"))) {
            assertThatThrownBy(() -> m.forward(new float[2 * 7], 2, 7))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot take float32 input of shape [2, 7]")
                    .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
        }
    }
}
