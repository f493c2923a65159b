package dev.selfheal.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.SplittableRandom;

/**
 * Trains backbone, adapter and head together on clean labelled data. Initialisation and shuffling
 * use a Java generator, so a seed gives the same model in any process (torch's RNG is process-wide
 * and would make the result depend on what ran before). One exception seen and not explained: in
 * the job's test JVM (a Flink MiniCluster beside it), about one run in eight the first training
 * came out different in the float rounding (final loss 0.15219 instead of 0.15193), while repeated
 * trainings in one JVM, cold CLI runs, runs under CPU load and runs with the JIT off all agreed bit
 * for bit. Comparisons between runs therefore serve one saved model rather than train twice.
 */
public final class ModelTrainer {
    private final TrainConfig config;

    public ModelTrainer(TrainConfig config) {
        this.config = config;
    }

    public TrainedModel train(float[][] rawRows, int[] labels) {
        if (rawRows.length == 0 || rawRows.length != labels.length) {
            throw new IllegalArgumentException("need as many labels as rows, and at least one row");
        }
        for (int y : labels) {
            if (y != 0 && y != 1) {
                throw new IllegalArgumentException("training labels must be 0 or 1, got " + y);
            }
        }
        DjlBootstrap.init();
        NativeWarnings.absorbDeprecationWarning();
        int d = rawRows[0].length;
        int hd = config.hidden();
        AdapterShape shape = config.adapterShape();
        SplittableRandom rng = new SplittableRandom(config.seed());
        FrozenWeights init = FrozenWeights.initial(d, hd, rng);
        Adapter adapter = Adapter.initial(shape, rng);
        Standardizer std = Standardizer.fit(rawRows);
        float[] x = std.applyAll(rawRows, rawRows.length);

        // One flat vector for all parameters so a single Adam state covers them.
        float[] backbone = init.backboneFlat();
        float[] head = init.headFlat();
        float[] all = FrozenWeights.concat(backbone, adapter.params(), head);
        AdamState adam = AdamState.fresh(all.length);

        int n = rawRows.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double lastLoss = Double.NaN;
        try (NDManager base = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                shuffle(order, rng);
                double epochLoss = 0;
                int batches = 0;
                for (int start = 0; start < n; start += config.batchSize()) {
                    int m = Math.min(config.batchSize(), n - start);
                    float[] bx = new float[m * d];
                    float[] by = new float[m];
                    for (int i = 0; i < m; i++) {
                        int r = order[start + i];
                        System.arraycopy(x, r * d, bx, i * d, d);
                        by[i] = labels[r];
                    }
                    float[] grad = new float[all.length];
                    epochLoss += step(base, all, d, shape, bx, by, m, grad);
                    adam = Adam.step(all, 0, grad, adam, config.learningRate());
                    batches++;
                }
                lastLoss = epochLoss / batches;
            }
        }
        int nb = backbone.length;
        int na = adapter.params().length;
        float[] newBackbone = java.util.Arrays.copyOfRange(all, 0, nb);
        float[] newAdapter = java.util.Arrays.copyOfRange(all, nb, nb + na);
        float[] newHead = java.util.Arrays.copyOfRange(all, nb + na, all.length);
        return new TrainedModel(std, FrozenWeights.fromFlat(d, hd, newBackbone, newHead),
                new Adapter(shape, newAdapter), lastLoss);
    }

    /** One forward/backward pass; writes the gradient of every parameter into {@code grad}. */
    private static double step(NDManager base, float[] all, int d, AdapterShape shape, float[] bx, float[] by, int m,
                               float[] grad) {
        int hd = shape.hidden();
        int w = shape.width();
        GradientLock.get().lock();
        try (NDManager sub = base.newSubManager()) {
            int o = 0;
            NDArray w1 = param(sub, all, o, new Shape(hd, d));
            o += hd * d;
            NDArray b1 = param(sub, all, o, new Shape(hd));
            o += hd;
            NDArray w2 = param(sub, all, o, new Shape(hd, hd));
            o += hd * hd;
            NDArray b2 = param(sub, all, o, new Shape(hd));
            o += hd;
            NDArray s = param(sub, all, o, new Shape(1));
            o += 1;
            NDArray a1 = param(sub, all, o, new Shape(w, hd));
            o += w * hd;
            NDArray a1b = param(sub, all, o, new Shape(w));
            o += w;
            NDArray a2 = param(sub, all, o, new Shape(hd, w));
            o += hd * w;
            NDArray a2b = param(sub, all, o, new Shape(hd));
            o += hd;
            NDArray hw = param(sub, all, o, new Shape(1, hd));
            o += hd;
            NDArray hb = param(sub, all, o, new Shape(1));
            NDArray[] params = {w1, b1, w2, b2, s, a1, a1b, a2, a2b, hw, hb};

            NDArray x = sub.create(bx, new Shape(m, d));
            NDArray y = sub.create(by, new Shape(m));
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray h = Layers.backbone(x, w1.transpose(), b1, w2.transpose(), b2);
                h = Layers.adapter(h, s, a1.transpose(), a1b, a2.transpose(), a2b);
                NDArray z = Layers.logits(h, hw.transpose(), hb);
                // BCE on logits: y·softplus(−z) + (1−y)·softplus(z).
                NDArray l = y.mul(Layers.softplus(z.neg())).add(y.neg().add(1f).mul(Layers.softplus(z))).mean();
                gc.backward(l);
                loss = l.getFloat();
            }
            int g = 0;
            for (NDArray p : params) {
                float[] pg = p.getGradient().toFloatArray();
                System.arraycopy(pg, 0, grad, g, pg.length);
                g += pg.length;
            }
            return loss;
        } finally {
            GradientLock.get().unlock();
        }
    }

    private static NDArray param(NDManager m, float[] all, int offset, Shape shape) {
        float[] v = java.util.Arrays.copyOfRange(all, offset, offset + (int) shape.size());
        NDArray a = m.create(v, shape);
        a.setRequiresGradient(true);
        return a;
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
