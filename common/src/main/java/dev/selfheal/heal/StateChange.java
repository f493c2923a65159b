package dev.selfheal.heal;

/** One state entered, for the audit log. */
public record StateChange(HealState from, HealState to, String reason) {
}
