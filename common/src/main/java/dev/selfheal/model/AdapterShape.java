package dev.selfheal.model;

/**
 * The shape of an adapter {@code h + s·(Linear(H→W) tanh Linear(W→H))(h)}: the backbone width
 * {@code H} it sits on and its bottleneck width {@code W}, 1 ≤ W ≤ H, and from them the layout of
 * its flat vector in DJL's parameter order: {@code scale}, first Linear weight {@code (W,H)} and
 * bias {@code (W)}, second Linear weight {@code (H,W)} and bias {@code (H)}.
 *
 * <p>W = H is the full adapter every model had before the width was configurable; its layout is
 * unchanged. A narrow adapter is much smaller (W = 8 over H = 64: 1,097 floats instead of 8,321),
 * which is what keeps many models' adapters in a scorer's cache. The width is a property of the
 * model (its manifest), never inferred from a vector's length: with a calibration tail, lengths of
 * different widths can coincide.
 */
public record AdapterShape(int hidden, int width) {
    public AdapterShape {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden width must be >= 1, got " + hidden);
        }
        if (width < 1 || width > hidden) {
            throw new IllegalArgumentException("adapter width must be between 1 and the backbone width " + hidden
                    + ", got " + width);
        }
        // Shapes arrive from files and the wire: refuse one whose vector could not be an array.
        if (1 + 2L * hidden * width + width + hidden > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("adapter of hidden width " + hidden + " and width " + width
                    + " is too large");
        }
    }

    /** The full-width adapter (W = H). */
    public static AdapterShape full(int hidden) {
        return new AdapterShape(hidden, hidden);
    }

    public boolean isFull() {
        return width == hidden;
    }

    /** Number of floats: 1 + 2·H·W + W + H. */
    public int size() {
        return 1 + 2 * hidden * width + width + hidden;
    }

    public int w1Offset() {
        return 1;
    }

    public int b1Offset() {
        return 1 + width * hidden;
    }

    public int w2Offset() {
        return b1Offset() + width;
    }

    public int b2Offset() {
        return w2Offset() + hidden * width;
    }
}
