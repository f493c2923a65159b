package dev.selfheal.model;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A model's TorchScript modules are loaded once per thread and shared by its owners there; an
 * owner used or closed on another thread still gives the same outputs and lets go, and the
 * modules are closed with their last owner.
 */
class FrozenModulesSharingTest {
    private static FrozenWeights frozen() throws Exception {
        byte[] bytes = Files.readAllBytes(TorchScriptFixtures.file("layernorm48/backbone.pt"));
        return FrozenWeights.ofModule(10, 48, bytes, new float[48], new float[1]);
    }

    private static float[] rows(int n) {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[n * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    @Test
    void ownersOnOneThreadShareOneLoadedCopyAndTheLastToLetGoClosesIt() throws Exception {
        int before = ThreadModules.threads();
        FrozenWeights f = frozen();
        float[] x = rows(5);
        FrozenModules a = FrozenModules.load(f);
        // the same model read again (another array of the same bytes) shares too
        FrozenModules b = FrozenModules.load(frozen());
        assertThat(a.sharesWith(b)).isTrue();
        float[] h = a.hidden(x, 5);
        a.close();
        assertThat(b.hidden(x, 5)).isEqualTo(h);
        assertThat(ThreadModules.threads()).isEqualTo(before + 1);
        b.close();
        assertThat(ThreadModules.threads()).isEqualTo(before);
        assertThatThrownBy(() -> a.hidden(x, 5)).isInstanceOf(IllegalStateException.class);

        // loaded afresh once every owner has let go
        try (FrozenModules c = FrozenModules.load(f)) {
            assertThat(c.sharesWith(b)).isFalse();
            assertThat(c.hidden(x, 5)).isEqualTo(h);
        }
    }

    @Test
    void anotherThreadLoadsItsOwnCopyAndAnOwnerUsedOrClosedThereStillWorks() throws Exception {
        int before = ThreadModules.threads();
        FrozenWeights f = frozen();
        float[] x = rows(7);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (FrozenModules here = FrozenModules.load(f)) {
            float[] h = here.hidden(x, 7);
            FrozenModules there = other.submit(() -> FrozenModules.load(f)).get();
            assertThat(there.sharesWith(here)).isFalse();
            // used here, off the thread it was loaded on: a copy of its own, the same outputs
            assertThat(there.hidden(x, 7)).isEqualTo(h);
            assertThat(other.submit(() -> there.hidden(x, 7)).get()).isEqualTo(h);
            // used there, off this thread: likewise
            assertThat(other.submit(() -> here.hidden(x, 7)).get()).isEqualTo(h);
            assertThat(ThreadModules.threads()).isEqualTo(before + 2);
            // closed here, it lets go of the other thread's modules
            there.close();
            assertThat(ThreadModules.threads()).isEqualTo(before + 1);
            assertThat(here.hidden(x, 7)).isEqualTo(h);
        } finally {
            other.shutdown();
        }
        assertThat(ThreadModules.threads()).isEqualTo(before);
    }
}
