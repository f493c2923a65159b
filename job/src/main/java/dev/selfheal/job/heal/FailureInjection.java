package dev.selfheal.job.heal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Throws once, at a chosen heal batch, after the batch was processed (a heal trained and recorded in
 * state) and before anything is emitted, for fault-tolerance tests and drills. "Once" must survive
 * the restart the failure causes, so a marker file records that it fired.
 */
public final class FailureInjection implements HealBatchHook {
    private static final long serialVersionUID = 1L;
    private final long atBatch;
    private final String markerFile;

    private FailureInjection(long atBatch, String markerFile) {
        this.atBatch = atBatch;
        this.markerFile = markerFile;
    }

    public static FailureInjection none() {
        return new FailureInjection(-1, null);
    }

    public static FailureInjection atBatch(long batch, Path marker) {
        return new FailureInjection(batch, marker.toString());
    }

    @Override
    public void batchProcessed(String modelId, long batch) {
        maybeFail(batch);
    }

    void maybeFail(long batch) {
        if (atBatch < 0 || batch != atBatch) {
            return;
        }
        Path marker = Path.of(markerFile);
        if (Files.exists(marker)) {
            return;
        }
        try {
            Files.writeString(marker, "failed at batch " + batch);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write failure marker " + marker, e);
        }
        throw new InjectedFailure("injected failure at heal batch " + batch);
    }

    /** The exception an injected failure throws, so logs tell it from a real one. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }
}
