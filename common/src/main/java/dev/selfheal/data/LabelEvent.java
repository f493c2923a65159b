package dev.selfheal.data;

/** A label arriving after its transaction, joined to it by {@code id}. */
public record LabelEvent(String id, int label, long ts) {}
