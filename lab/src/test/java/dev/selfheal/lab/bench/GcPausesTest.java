package dev.selfheal.lab.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GcPausesTest {

    @Test
    void recordsTheCollectionsWhileOpenAndNoneAfterClose() throws Exception {
        GcPauses gc = new GcPauses();
        try {
            System.gc(); // a full, stop-the-world collection with the default collector
            awaitPauses(gc, 1);
            assertThat(gc.pausesMs()).isNotEmpty().allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(0.0));
        } finally {
            gc.close();
        }
        int seen = gc.pausesMs().size();

        System.gc();
        Thread.sleep(300); // notifications arrive on the JVM's own thread, shortly after a collection

        assertThat(gc.pausesMs()).hasSize(seen);
    }

    @Test
    void leavesOutTheBeansThatTimeConcurrentWork() {
        assertThat(GcPauses.concurrent("G1 Young Generation")).isFalse();
        assertThat(GcPauses.concurrent("G1 Old Generation")).isFalse();
        assertThat(GcPauses.concurrent("ZGC Pauses")).isFalse();
        assertThat(GcPauses.concurrent("Shenandoah Pauses")).isFalse();
        assertThat(GcPauses.concurrent("ZGC Cycles")).isTrue();
        assertThat(GcPauses.concurrent("ZGC Minor Cycles")).isTrue();
        assertThat(GcPauses.concurrent("Shenandoah Cycles")).isTrue();
        assertThat(GcPauses.concurrent("G1 Concurrent GC")).isTrue();
    }

    private static void awaitPauses(GcPauses gc, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gc.pausesMs().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
