package dev.selfheal.model;

/**
 * An adapter with the identity it travels under: which model it belongs to and its version.
 * {@code vector} is the full served vector (the adapter's parameters, then any calibration tail).
 */
public record EncodedAdapter(String modelId, long version, Adapter adapter, float[] vector) {
}
