package dev.selfheal.model;

import java.util.Locale;

/**
 * Chooses SCORE's engine. {@code vector} needs the JVM started with
 * {@code --add-modules jdk.incubator.vector} (the module cannot be added at run time), so
 * {@code auto} uses it when present and falls back to DJL otherwise: {@code java -jar selfheal.jar}
 * works without flags, and is faster with them. A model whose backbone is a user's TorchScript
 * module of another architecture than the Linear/ReLU chain is scored by DJL whatever the setting:
 * no other engine can run it.
 */
public final class ScoringKernels {
    public static final String AUTO = "auto";
    public static final String VECTOR = "vector";
    public static final String DJL = "djl";
    private static final String MODULE = "jdk.incubator.vector";

    private ScoringKernels() {}

    /** Whether the Vector API module is in this JVM's boot layer. */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /**
     * Whether {@code vector} can run here for a model of this hidden width: any width, since one the
     * kernel cannot block is padded with zero units ({@link PaddedKernel}).
     */
    public static boolean vectorUsable(int hidden) {
        return vectorAvailable() && hidden >= 1;
    }

    /** The engine {@code kind} resolves to on this JVM: "vector" or "djl". */
    public static String resolve(String kind, int hidden) {
        String k = kind == null || kind.isBlank() ? AUTO : kind.toLowerCase(Locale.ROOT);
        return switch (k) {
            case AUTO -> vectorUsable(hidden) ? VECTOR : DJL;
            case DJL -> DJL;
            case VECTOR -> {
                if (!vectorAvailable()) {
                    throw new IllegalArgumentException("score.kernel: vector needs the JVM flag --add-modules "
                            + MODULE);
                }
                yield VECTOR;
            }
            default -> throw new IllegalArgumentException("score.kernel must be auto, vector or djl, got " + kind);
        };
    }

    /** The engine {@code kind} resolves to for this backbone: always "djl" for a TorchScript module. */
    public static String resolve(String kind, FrozenWeights frozen) {
        String k = resolve(kind, frozen.hidden());
        return frozen.isModule() ? DJL : k;
    }

    /**
     * A kernel of the resolved kind for adapters of {@code shape} (the model's), with
     * {@code shadow} as its shadow adapter.
     */
    public static ScoringKernel create(String kind, FrozenWeights frozen, AdapterShape shape, Standardizer standardizer,
                                       float[] shadow) {
        if (VECTOR.equals(resolve(kind, frozen))) {
            // VectorKernel's class is only touched once the module is known to be there.
            return VectorKernel.fits(frozen) ? new VectorKernel(frozen, shape, standardizer, shadow)
                    : new PaddedKernel(frozen, shape, standardizer, shadow);
        }
        return new DjlKernel(frozen, shape, standardizer, shadow);
    }

    /** {@link #create(String, FrozenWeights, AdapterShape, Standardizer, float[])} for full-width adapters. */
    public static ScoringKernel create(String kind, FrozenWeights frozen, Standardizer standardizer, float[] shadow) {
        return create(kind, frozen, AdapterShape.full(frozen.hidden()), standardizer, shadow);
    }
}
