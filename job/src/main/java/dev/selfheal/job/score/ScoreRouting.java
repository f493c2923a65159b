package dev.selfheal.job.score;

import dev.selfheal.data.Transaction;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Which key spreads transactions over SCORE's subtasks ({@code score.route-by}). SCORE keeps no
 * per-key state (its keyed context serves timers and the broadcast pattern), so the key only decides
 * which subtask scores a record. By account, every subtask sees every model: even load, but each
 * subtask touches every model's adapter. By model, a subtask sees only the models whose key groups it
 * owns: with many models each scorer's working set of folded adapters halves (at parallelism 2), at
 * the price of load that follows the models' traffic.
 */
public final class ScoreRouting {
    private ScoreRouting() {}

    public static final String ACCOUNT = "account";
    public static final String MODEL = "model";

    public static KeySelector<Transaction, String> keyFor(String routeBy) {
        return switch (routeBy) {
            case ACCOUNT -> new ByAccount();
            case MODEL -> new ByModel();
            default -> throw new IllegalArgumentException("score.route-by: expected account or model, got " + routeBy);
        };
    }

    /** A named class, not a lambda: the selector is part of the job graph a savepoint is restored into. */
    static final class ByAccount implements KeySelector<Transaction, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Transaction t) {
            return t.key;
        }
    }

    static final class ByModel implements KeySelector<Transaction, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Transaction t) {
            return t.model == null ? Transaction.DEFAULT_MODEL : t.model;
        }
    }
}
