package dev.selfheal.model;

/** An adapter with the identity it travels under: which model it belongs to and its version. */
public record EncodedAdapter(String modelId, long version, Adapter adapter) {
}
