package dev.selfheal.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the adapter goes in a user's head: before its last Linear, when a copy of the head gives
 * the module's outputs, or at its logit, after the whole model. The copies tried, in order: the
 * layers the head's file records (each hidden Linear with its activation, BatchNorm folded in,
 * the last Linear followed by a sigmoid or by nothing), then its Linear layers with ReLU between
 * them, as far as its parameters tell. Files do not show the order a module calls its layers in,
 * nor activations applied as functions: outputs decide, within {@link TorchScriptImport#TOLERANCE}.
 *
 * @param head    the copy taken, the adapter before its last Linear; null when at the logit
 * @param atLogit why the adapter sits at the logit, or null
 */
record HeadChoice(LinearChain.Head head, String atLogit) {
    /**
     * The choice for {@code headFile}, whose module gave {@code p} (the declared output as
     * probabilities) and {@code pOther} (read as the other output kind) on {@code n} rows of
     * {@code h}; {@code probabilityValues} are its raw values when declared a probability, else null.
     *
     * @throws IllegalArgumentException when a copy matches only with the other output kind, or a
     *                                  declared probability is none: the declaration's mistake
     */
    static HeadChoice of(Path headFile, byte[] headBytes, TorchScriptModule module, float[] h, int n, int hd,
                         float[] p, float[] pOther, TorchScriptImport.HeadOutput declared, float[] probabilityValues) {
        TorchScriptChain.Reading reading = TorchScriptChain.read(headFile);
        LinearChain.Head recorded = LinearChain.head(reading);
        LinearChain.Head relu = LinearChain.head(module.parameters());
        List<LinearChain.Head> tried = new ArrayList<>();
        for (LinearChain.Head c : new LinearChain.Head[] {recorded, relu}) {
            if (c != null && c.inputWidth() == hd) {
                tried.add(c);
            }
        }
        double[] worst = new double[tried.size()];
        for (int i = 0; i < tried.size(); i++) {
            worst[i] = difference(h, n, tried.get(i), p);
            if (worst[i] <= TorchScriptImport.TOLERANCE) {
                return new HeadChoice(tried.get(i), null);
            }
        }
        TorchScriptImport.HeadOutput other = declared == TorchScriptImport.HeadOutput.PROBABILITY
                ? TorchScriptImport.HeadOutput.LOGIT : TorchScriptImport.HeadOutput.PROBABILITY;
        String hint = " (if it returns a" + (other == TorchScriptImport.HeadOutput.LOGIT ? " logit" : " probability")
                + ": --head-output " + other.cliName() + ")";
        for (int i = 0; i < tried.size(); i++) {
            LinearChain.Head c = tried.get(i);
            if (difference(h, n, c, pOther) <= TorchScriptImport.TOLERANCE) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "head %s is not %s followed by %s: they "
                        + "differ by %.3g%s", headFile, describe(c, c == recorded ? reading : null),
                        declared == TorchScriptImport.HeadOutput.PROBABILITY ? "a sigmoid" : "nothing", worst[i], hint));
            }
        }
        if (probabilityValues != null) {
            for (float v : probabilityValues) {
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "head %s returns %.4g, which is no "
                            + "probability%s", headFile, v, hint));
                }
            }
        }
        List<String> found = reading.types().isEmpty() ? TorchScriptLayers.notInAChain(headBytes).stream()
                .filter(t -> !TorchScriptChain.copies(t)).toList() : reading.unsupported();
        if (!found.isEmpty()) {
            return new HeadChoice(null, "the head is no chain of layers selfheal's kernels copy: found "
                    + String.join(", ", found));
        }
        if (tried.isEmpty()) {
            return new HeadChoice(null, "the head is no chain of layers selfheal's kernels copy: it holds "
                    + LinearChain.describe(module.parameters()));
        }
        int last = tried.size() - 1;
        return new HeadChoice(null, String.format(Locale.ROOT, "the head is no chain of layers selfheal's kernels copy: "
                + "a copy of %s differs from it by %.3g", describe(tried.get(last), tried.get(last) == recorded ? reading
                : null), worst[last]));
    }

    /** How a copy was read: its file's layer types, or its Linear layers' widths with ReLU between them. */
    private static String describe(LinearChain.Head c, TorchScriptChain.Reading reading) {
        if (reading != null) {
            return "its layers as its file records them (" + String.join(", ", reading.types()) + ")";
        }
        return c.layers().isEmpty() ? "its Linear layer" : "its Linear layers " + c.widths() + " with ReLU between them";
    }

    /** Largest |p| difference between the copy {@code head} on {@code h} and the module's {@code p}. */
    private static double difference(float[] h, int n, LinearChain.Head head, float[] p) {
        float[] k = DenseLayer.applyAll(head.layers(), h, n);
        int kd = head.hidden();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double z = head.bias()[0];
            for (int j = 0; j < kd; j++) {
                z += (double) head.weight()[j] * k[i * kd + j];
            }
            double diff = Math.abs(dev.selfheal.math.Logistic.sigmoid(z) - p[i]);
            worst = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(worst, diff);
        }
        return worst;
    }
}
