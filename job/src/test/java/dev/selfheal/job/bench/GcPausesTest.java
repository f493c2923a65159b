package dev.selfheal.job.bench;

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

    private static void awaitPauses(GcPauses gc, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gc.pausesMs().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
