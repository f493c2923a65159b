package dev.selfheal.heal;

/** Whether to heal in this batch, and why (audited either way). */
public record HealDecision(boolean heal, String reason) {
}
