package dev.selfheal.model;

/**
 * What SCORE needs from a forward-pass engine: the served adapter(s) and the frozen shadow over
 * one shared backbone, for a micro-batch of raw rows. Two engines: {@link DjlKernel} (DJL, the
 * reference) and {@link VectorKernel} (a blocked kernel on Java's Vector API, used when the
 * {@code jdk.incubator.vector} module is present). {@link ScoringKernels} picks one.
 *
 * <p>Adapters are held as {@link Weights} handles in the engine's working form, made once per
 * model and overwritten in place on every update, so switching between the adapters of many
 * models inside one micro-batch costs nothing. Not thread-safe: one per task.
 */
public interface ScoringKernel extends AutoCloseable {

    /** One adapter in an engine's working form; only the engine that made it can use it. */
    interface Weights {}

    /** A new handle holding {@code adapter} (flat, {@link Adapter} layout). */
    Weights prepare(float[] adapter);

    /** Overwrites a handle's weights in place (an adapter update for its model). */
    void update(Weights target, float[] adapter);

    /** Replaces the shadow adapter's weights in place. */
    void setShadow(float[] adapter);

    /**
     * Scores the first {@code n} raw rows: row i with the served adapter {@code served[i]} into
     * {@code p[i]} and with the shadow into {@code pShadow[i]} (either output may be null to skip
     * it). Rows sharing a handle should be adjacent: engines work on runs of one adapter.
     */
    void score(float[][] rawRows, int n, Weights[] served, float[] p, float[] pShadow);

    /** "djl" or "vector", for logs and the benchmark. */
    String name();

    @Override
    void close();
}
