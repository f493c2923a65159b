package dev.selfheal.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * The heal as it was first written (whole forward pass and loss as NDArray expressions in every
 * step, Adam in double precision: {@link Adam#step}), kept so tests can check that the faster {@link HealingTrainer}
 * computes the same candidate.
 */
final class ReferenceHealingTrainer implements AutoCloseable {
    private final FrozenWeights frozen;
    private final Standardizer standardizer;
    private final NDManager manager;
    private final NDArray w1t;
    private final NDArray b1;
    private final NDArray w2t;
    private final NDArray b2;
    private final NDArray headWt;
    private final NDArray headB;

    ReferenceHealingTrainer(FrozenWeights frozen, Standardizer standardizer) {
        DjlBootstrap.init();
        this.frozen = frozen;
        this.standardizer = standardizer;
        this.manager = NDManager.newBaseManager();
        int hd = frozen.hidden();
        int d = frozen.inputDim();
        w1t = manager.create(DjlScorer.transpose(frozen.w1(), hd, d), new Shape(d, hd));
        b1 = manager.create(frozen.b1(), new Shape(hd));
        w2t = manager.create(DjlScorer.transpose(frozen.w2(), hd, hd), new Shape(hd, hd));
        b2 = manager.create(frozen.b2(), new Shape(hd));
        headWt = manager.create(frozen.headW(), new Shape(hd, 1));
        headB = manager.create(frozen.headB(), new Shape(1));
    }

    public HealResult heal(Adapter current, AdamState optimizer, HealBatch batch, HealConfig config) {
        if (batch.size() == 0) {
            throw new IllegalArgumentException("cannot heal on an empty batch");
        }
        float[] params = current.params().clone();
        AdamState state = optimizer.copy();
        double w = HealConfig.positiveWeight(batch.fraudShareAmongConflicts());
        float[] x = standardizer.applyAll(batch.rows(), batch.size());
        double before = Double.NaN;
        float[] grad = new float[params.length];
        AdapterShape shape = current.shape();
        for (int s = 0; s < config.steps(); s++) {
            double loss = lossAndGradient(shape, params, x, batch, config, w, grad);
            if (s == 0) {
                before = loss;
            }
            state = Adam.step(params, 0, grad, state, config.learningRate());
        }
        double after = lossAndGradient(shape, params, x, batch, config, w, null);
        return new HealResult(new Adapter(shape, params), state, before, after, w, config.steps());
    }

    /** The heal loss of an adapter on a batch, without changing anything. */
    public double loss(Adapter adapter, HealBatch batch, HealConfig config) {
        float[] x = standardizer.applyAll(batch.rows(), batch.size());
        double w = HealConfig.positiveWeight(batch.fraudShareAmongConflicts());
        return lossAndGradient(adapter.shape(), adapter.params(), x, batch, config, w, null);
    }

    private double lossAndGradient(AdapterShape shape, float[] params, float[] x, HealBatch batch, HealConfig cfg,
                                   double posWeight, float[] grad) {
        int n = batch.size();
        int d = frozen.inputDim();
        int hd = shape.hidden();
        int aw = shape.width();
        Adapter a = new Adapter(shape, params);
        float[] y = new float[n];
        float[] mask = new float[n];
        float[] rule = new float[n];
        int labelled = 0;
        for (int i = 0; i < n; i++) {
            int yi = batch.labels()[i];
            if (yi == 0 || yi == 1) {
                y[i] = yi;
                mask[i] = 1f;
                labelled++;
            }
            rule[i] = batch.ruleLabels()[i];
        }
        boolean withGrad = grad != null;
        if (withGrad) {
            GradientLock.get().lock();
        }
        try (NDManager sub = manager.newSubManager()) {
            NDArray s = slice(sub, params, 0, new Shape(1), withGrad);
            NDArray a1 = slice(sub, params, a.w1Offset(), new Shape(aw, hd), withGrad);
            NDArray a1b = slice(sub, params, a.b1Offset(), new Shape(aw), withGrad);
            NDArray a2 = slice(sub, params, a.w2Offset(), new Shape(hd, aw), withGrad);
            NDArray a2b = slice(sub, params, a.b2Offset(), new Shape(hd), withGrad);
            NDArray in = sub.create(x, new Shape(n, d));
            NDArray yArr = sub.create(y, new Shape(n));
            NDArray mArr = sub.create(mask, new Shape(n));
            NDArray rArr = sub.create(rule, new Shape(n));
            double value;
            try (GradientCollector gc = withGrad ? Engine.getInstance().newGradientCollector() : null) {
                NDArray h = Layers.backbone(in, w1t, b1, w2t, b2);
                NDArray z = Layers.logits(Layers.adapter(h, s, a1.transpose(), a1b, a2.transpose(), a2b), headWt, headB);
                NDArray spNeg = Layers.softplus(z.neg()); // −log p
                NDArray spPos = Layers.softplus(z);       // −log(1−p)
                NDArray p = ai.djl.nn.Activation.sigmoid(z);
                NDArray loss = null;
                if (labelled > 0 && cfg.alpha() > 0) {
                    // Weighted BCE over labelled rows only; unlabelled rows carry no label signal.
                    NDArray bce = yArr.mul((float) posWeight).mul(spNeg).add(yArr.neg().add(1f).mul(spPos));
                    loss = bce.mul(mArr).sum().div((float) labelled).mul((float) cfg.alpha());
                }
                NDArray ruleBce = rArr.mul(spNeg).add(rArr.neg().add(1f).mul(spPos)).mean()
                        .mul((float) ((1 - cfg.alpha()) * cfg.lambda()));
                loss = loss == null ? ruleBce : loss.add(ruleBce);
                NDArray entropy = p.mul(spNeg).add(p.neg().add(1f).mul(spPos)).mean().mul((float) cfg.entropy());
                loss = loss.add(entropy);
                if (withGrad) {
                    gc.backward(loss);
                }
                value = loss.getFloat();
            }
            if (withGrad) {
                int o = 0;
                for (NDArray arr : new NDArray[] {s, a1, a1b, a2, a2b}) {
                    float[] g = arr.getGradient().toFloatArray();
                    System.arraycopy(g, 0, grad, o, g.length);
                    o += g.length;
                }
            }
            return value;
        } finally {
            if (withGrad) {
                GradientLock.get().unlock();
            }
        }
    }

    private static NDArray slice(NDManager m, float[] params, int offset, Shape shape, boolean grad) {
        NDArray a = m.create(java.util.Arrays.copyOfRange(params, offset, offset + (int) shape.size()), shape);
        if (grad) {
            a.setRequiresGradient(true);
        }
        return a;
    }

    @Override
    public void close() {
        manager.close();
    }
}
