package dev.selfheal.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code LayerNorm} module of a TorchScript file as a {@link LayerNorm}: its width and
 * {@code eps} from its class's source (declared {@code Final} in a scripted module, passed to
 * {@code layer_norm} in a traced one's code), its weight and bias from its tensors when it has
 * them ({@code elementwise_affine}). Only a LayerNorm over the last dimension alone is read: one
 * over more dimensions normalises across rows of units no copied layer holds.
 */
final class TorchScriptNorms {
    private static final String NUMBER = "([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)";
    private static final Pattern DECLARED_SHAPE = Pattern.compile("normalized_shape : Final\\[Tuple\\[([^\\]]*)\\]\\] = "
            + "\\(([^)]*)\\)");
    private static final Pattern DECLARED_EPS = Pattern.compile("eps : Final\\[float\\] = " + NUMBER);
    /** A traced call: {@code layer_norm(x, [16], weight, bias, 0.001)}, or {@code layer_norm(x, [16])} at PyTorch's default eps. */
    private static final Pattern CALL = Pattern.compile("layer_norm\\([\\w.]+, \\[([0-9, ]*)\\]"
            + "(?:, [\\w.]+, [\\w.]+(?:, " + NUMBER + ")?)?\\)");
    private static final double DEFAULT_EPS = 1e-5;

    private TorchScriptNorms() {}

    static LayerNorm layerNorm(TorchPickle.Obj leaf, TorchScriptArchive archive) {
        String source = archive.classSource(leaf.type);
        Matcher declaredShape = DECLARED_SHAPE.matcher(source);
        Matcher declaredEps = DECLARED_EPS.matcher(source);
        Matcher call = CALL.matcher(source);
        String shape;
        double eps;
        if (declaredShape.find() && declaredEps.find()) {
            shape = declaredShape.group(2);
            eps = Double.parseDouble(declaredEps.group(1));
        } else if (call.find()) {
            shape = call.group(1);
            eps = call.group(2) == null ? DEFAULT_EPS : Double.parseDouble(call.group(2));
        } else {
            throw new IllegalArgumentException("no normalized_shape and eps in the LayerNorm's source");
        }
        String[] dims = shape.replace(" ", "").split(",");
        if (dims.length != 1 || dims[0].isEmpty()) {
            throw new IllegalArgumentException("a LayerNorm over " + shape + ": only one over the last dimension is copied");
        }
        int units = Integer.parseInt(dims[0]);
        Object w = leaf.state.get("weight");
        Object b = leaf.state.get("bias");
        LayerNorm plain = LayerNorm.plain(units, (float) eps);
        if (w == null && b == null) {
            return plain;
        }
        float[] weight = w == null ? plain.weight() : archive.values((TorchPickle.TensorRef) w);
        float[] bias = b == null ? plain.bias() : archive.values((TorchPickle.TensorRef) b);
        if (weight.length != units || bias.length != units) {
            throw new IllegalArgumentException("a LayerNorm of width " + units + " with " + weight.length + " weights");
        }
        return new LayerNorm(units, (float) eps, weight, bias);
    }
}
