package dev.selfheal.job.score;

/** Every BatchScorer test again on the DJL engine (the other run uses the Vector API kernel). */
class BatchScorerDjlTest extends BatchScorerTest {
    @Override
    String kernel() {
        return "djl";
    }
}
