package dev.selfheal.healer;

/** An adapter HEAL decided to serve: to be broadcast to every scorer. */
public record PublishedAdapter(String model, long version, float[] adapter, String reason) {
}
