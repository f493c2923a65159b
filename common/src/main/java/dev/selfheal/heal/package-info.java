/**
 * What the HEAL operator decides per heal batch, as plain classes it calls.
 *
 * <p>Per batch, in order: score the batch with the served adapter before learning from it and
 * {@link dev.selfheal.heal.HealthWindow#add add} the scores; ask the
 * {@link dev.selfheal.heal.RollbackPolicy} (on a rollback: serve the target, record a ROLLBACK
 * snapshot, reset the window, take the target's scores as the new
 * {@link dev.selfheal.heal.Baseline}); ask the {@link dev.selfheal.heal.HealTrigger} whether to
 * heal; check a heal's {@link dev.selfheal.heal.Candidate} with a
 * {@link dev.selfheal.heal.Validation}; record PRE_HEAL/POST_HEAL snapshots in the
 * {@link dev.selfheal.heal.Registry}; finally advance the
 * {@link dev.selfheal.heal.HealStateMachine} with the batch's {@link dev.selfheal.heal.BatchFacts}.
 *
 * <p>State kept by the operator is plain data: {@link dev.selfheal.heal.Snapshot} per version
 * (through a {@link dev.selfheal.heal.SnapshotStore}), the registry's last version (a long),
 * {@link dev.selfheal.heal.HealthWindowState}, {@link dev.selfheal.heal.Baseline} and
 * {@link dev.selfheal.heal.HealState}. No Flink or DJL types here.
 */
package dev.selfheal.heal;
