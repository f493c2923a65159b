package dev.selfheal.healer;

import java.util.List;

/**
 * What a {@link Remedy} sees of one batch: the healer's state (read it, do not change it), the
 * served vector, the recent labelled rows it may train on, the held-back rows it must not train on,
 * and the served decision threshold.
 */
public record RemedyContext(HealerState state, float[] served, List<LabelledRow> trainable,
                            List<LabelledRow> heldBack, double threshold) {}
