package dev.selfheal.model;

/**
 * {@link ScoringKernel} on DJL: the reference engine, and the one used when the Vector API module
 * is absent. A handle is a copy of the flat adapter; the native scorer's served weights are
 * overwritten in place ({@link DjlScorer#setServed}) only when a run needs another handle, or the
 * loaded one was updated since.
 */
public final class DjlKernel implements ScoringKernel {
    private final DjlScorer scorer;
    private final AdapterShape shape;
    private Handle loaded;
    private long loadedRevision = -1;
    private float[][] runRows = new float[0][];
    private float[] runP = new float[0];
    private float[] runShadow = new float[0];

    public DjlKernel(FrozenWeights frozen, AdapterShape shape, Standardizer standardizer, float[] shadow) {
        this.shape = shape;
        this.scorer = new DjlScorer(frozen, shape, standardizer, shadow, shadow);
    }

    private static final class Handle implements Weights {
        final float[] params;
        /** Bumped on every update, so a loaded handle that changed is reloaded. */
        long revision;

        Handle(float[] params) {
            this.params = params;
        }
    }

    @Override
    public Weights prepare(float[] adapter) {
        return new Handle(new Adapter(shape, adapter).copy().params());
    }

    @Override
    public void update(Weights target, float[] adapter) {
        Handle h = (Handle) target;
        System.arraycopy(new Adapter(shape, adapter).params(), 0, h.params, 0, adapter.length);
        h.revision++;
    }

    @Override
    public void setShadow(float[] adapter) {
        scorer.setShadow(adapter);
    }

    @Override
    public void score(float[][] rawRows, int n, Weights[] served, float[] p, float[] pShadow) {
        if (p == null) {
            scorer.score(rawRows, n, null, pShadow);
            return;
        }
        int start = 0;
        while (start < n) {
            Handle h = (Handle) served[start];
            int end = start + 1;
            while (end < n && served[end] == h) {
                end++;
            }
            if (h != loaded || h.revision != loadedRevision) {
                scorer.setServed(h.params);
                loaded = h;
                loadedRevision = h.revision;
            }
            scoreRun(rawRows, start, end - start, p, pShadow);
            start = end;
        }
    }

    /** One native call per run of rows sharing an adapter (DJL scores from row 0 of its input). */
    private void scoreRun(float[][] rows, int from, int len, float[] p, float[] pShadow) {
        if (from == 0) {
            scorer.score(rows, len, p, pShadow);
            return;
        }
        if (runRows.length < len) {
            runRows = new float[len][];
            runP = new float[len];
            runShadow = new float[len];
        }
        System.arraycopy(rows, from, runRows, 0, len);
        scorer.score(runRows, len, runP, pShadow == null ? null : runShadow);
        System.arraycopy(runP, 0, p, from, len);
        if (pShadow != null) {
            System.arraycopy(runShadow, 0, pShadow, from, len);
        }
    }

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public void close() {
        scorer.close();
    }
}
