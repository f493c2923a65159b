package dev.selfheal.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A law of the concept-switch generators (sea, hyperplane): features on columns of their own, the
 * class given by a deterministic {@link Concept}, except that a share {@code labelNoise} of rows
 * have the other class. The noise is part of the class itself, as in the classic generators, so
 * P(fraud | x) is 1 − noise inside the concept and noise outside, and no classifier beats
 * 1 − noise accuracy, on the holdout as anywhere.
 *
 * <p>Class counts are exact, as in every law here: {@link PopulationSampler} fixes how many rows
 * are fraud, and a row of a given class is drawn from that class's law by rejection: it lies inside
 * the concept with probability P(inside | class), then x is drawn until the concept agrees.
 *
 * @param labelNoise share of rows whose class is not the concept's, in [0, 0.5)
 */
public record ConceptSwitchPopulation(Concept concept, double labelNoise) implements Distribution {

    public ConceptSwitchPopulation {
        if (concept == null) {
            throw new IllegalArgumentException("a concept must be given");
        }
        if (!(labelNoise >= 0 && labelNoise < 0.5)) {
            throw new IllegalArgumentException("labelNoise must be in [0, 0.5), got " + labelNoise);
        }
    }

    /** P(fraud) = (1 − noise)·π + noise·(1 − π), π the concept's share. */
    @Override
    public double fraudShare() {
        double pi = concept.share();
        return (1 - labelNoise) * pi + labelNoise * (1 - pi);
    }

    /** None on top of the class noise: the carried label is the class. */
    @Override
    public double flippedLabelShare() {
        return 0.0;
    }

    @Override
    public ConceptSwitchPopulation withTrueLabels() {
        return this;
    }

    @Override
    public float[] features(boolean fraud, boolean secondMode, SplittableRandom rng) {
        boolean inside = rng.nextDouble() < insideShare(fraud);
        float[] x;
        do {
            x = concept.draw(rng);
        } while (concept.fraud(x) != inside);
        return x;
    }

    /** P(the concept says fraud | class), by Bayes' rule. */
    double insideShare(boolean fraud) {
        double pi = concept.share();
        double p = fraudShare();
        if (fraud) {
            return p == 0 ? 0.0 : (1 - labelNoise) * pi / p;
        }
        return p == 1 ? 0.0 : labelNoise * pi / (1 - p);
    }

    @Override
    public List<String> featureNames() {
        return concept.featureNames();
    }

    @Override
    public String family() {
        return concept.family();
    }
}
