package dev.selfheal.heal;

/**
 * Whether to roll back, to which version, and why (the reason goes to the audit log either way).
 *
 * @param targetVersion the version to restore; 0 when {@code rollback} is false
 */
public record RollbackDecision(boolean rollback, long targetVersion, String reason) {

    public static RollbackDecision none(String reason) {
        return new RollbackDecision(false, 0, reason);
    }

    public static RollbackDecision to(long targetVersion, String reason) {
        return new RollbackDecision(true, targetVersion, reason);
    }
}
