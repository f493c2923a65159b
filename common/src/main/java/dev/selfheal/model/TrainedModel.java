package dev.selfheal.model;

/** What deployment training produces: the weights and the standardisation they expect. */
public record TrainedModel(Standardizer standardizer, FrozenWeights frozen, Adapter adapter, double finalLoss) {
}
