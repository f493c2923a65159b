package dev.selfheal.job.heal;

import dev.selfheal.healer.AuditRecord;
import dev.selfheal.healer.ControlActions;
import dev.selfheal.healer.ControlOutcome;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.healer.HealerState;
import dev.selfheal.healer.PublishedAdapter;
import dev.selfheal.heal.SnapshotStore;
import dev.selfheal.job.event.AdapterUpdate;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.event.Json;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Control commands at HEAL. They reach every HEAL subtask; each acts on the models it owns.
 * Freeze/resume and thresholds also stand, in broadcast state, for models that start later.
 * Exactly one subtask writes the audit record for what has no owner: malformed commands and
 * commands for all models go to subtask 0, a named model's command to the subtask that owns its key.
 */
final class HealControl {
    /** Broadcast: the latest freeze/resume and thresholds command per scope ("*" or a model id). */
    static final MapStateDescriptor<String, ControlCommand> STANDING_COMMANDS =
            new MapStateDescriptor<>("standing-commands", Types.STRING, TypeInformation.of(ControlCommand.class));
    static final String ALL_MODELS = "*";

    /** Which subtask owns a model id's key. */
    @FunctionalInterface
    interface Owners {
        int ownerOf(String modelId);
    }

    private final HealerConfig config;
    private final ModelHealers healers;

    HealControl(HealerConfig config, ModelHealers healers) {
        this.config = config;
        this.healers = healers;
    }

    /** A command as it reaches a HEAL subtask: applied to each model of this subtask it concerns. */
    void handle(ControlCommand c, KeyedBroadcastProcessFunction<String, HealInput, ControlCommand,
            AdapterUpdate>.Context ctx, Collector<AdapterUpdate> out, TaskInfo task) throws Exception {
        long now = ctx.currentProcessingTime();
        int subtask = task.getIndexOfThisSubtask();
        if (c.error != null) {
            if (subtask == 0) {
                ctx.output(HealFunction.AUDIT, AuditEvent.of(refusal(c, c.error, now)));
            }
            return;
        }
        String standing = standingKey(c);
        if (standing != null) {
            ctx.getBroadcastState(STANDING_COMMANDS).put(standing, c);
        }
        boolean[] found = {false};
        ctx.applyToKeyedState(HealFunction.HEALER_STATE, (modelId, st) -> {
            if (!c.appliesTo(modelId) || st.value() == null) {
                return;
            }
            found[0] = true;
            HealerState s = st.value();
            ControlOutcome o = apply(modelId, s, c, healers.store(modelId));
            st.update(s);
            for (PublishedAdapter p : o.published()) {
                out.collect(healers.update(p, now));
            }
            ctx.output(HealFunction.AUDIT, AuditEvent.of(o.audit()));
        });
        Owners owners = model -> KeyGroupRangeAssignment.assignKeyToParallelOperator(model,
                task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks());
        if (!found[0] && answersForNoModel(c, subtask, owners)) {
            ctx.output(HealFunction.AUDIT, AuditEvent.of(noActiveModel(c, now)));
        }
    }

    /** The key a command stands under in {@link #STANDING_COMMANDS}, or null for one that acts once. */
    static String standingKey(ControlCommand c) {
        if (c.error != null) {
            return null;
        }
        String scope = scope(c);
        return switch (c.cmd) {
            case "freeze", "resume" -> scope + "/freeze";
            case "thresholds" -> scope + "/thresholds";
            default -> null;
        };
    }

    /** The standing keys that apply to a model as it starts, in the order they are applied. */
    static List<String> standingKeysFor(String modelId) {
        return List.of(ALL_MODELS + "/freeze", ALL_MODELS + "/thresholds", modelId + "/freeze",
                modelId + "/thresholds");
    }

    /** Applies the commands that stand ({@code standing}: by key) to a model as it starts. */
    void applyStanding(String modelId, HealerState s, SnapshotStore store, StandingCommands standing)
            throws Exception {
        for (String key : standingKeysFor(modelId)) {
            ControlCommand c = standing.get(key);
            if (c != null) {
                apply(modelId, s, c, store);
            }
        }
    }

    /** The standing commands by key: the operator's read-only broadcast state. */
    @FunctionalInterface
    interface StandingCommands {
        ControlCommand get(String key) throws Exception;
    }

    /** Whether this subtask writes the audit record of a command that found no active model here. */
    static boolean answersForNoModel(ControlCommand c, int subtask, Owners owners) {
        return c.model == null ? subtask == 0 : owners.ownerOf(c.model) == subtask;
    }

    /** The audit record of a command no active model took: noted for later if it stands, else refused. */
    static AuditRecord noActiveModel(ControlCommand c, long now) {
        return standingKey(c) != null ? acceptedForLater(c, now)
                : refusal(c, "model '" + scope(c) + "' is not active (no data seen yet)", now);
    }

    static AuditRecord refusal(ControlCommand c, String why, long now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cmd", c.cmd == null ? "unknown" : c.cmd);
        d.put("raw", c.raw);
        d.put("accepted", false);
        d.put("refused", why);
        return new AuditRecord(now, AuditRecord.CONTROL, scope(c), 0, 0, d);
    }

    private static AuditRecord acceptedForLater(ControlCommand c, long now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cmd", c.cmd);
        d.put("raw", c.raw);
        d.put("accepted", true);
        d.put("note", "no model active yet: applies to models as they start");
        return new AuditRecord(now, AuditRecord.CONTROL, scope(c), 0, 0, d);
    }

    /** Applies a command to a model's state and registry. */
    ControlOutcome apply(String modelId, HealerState s, ControlCommand c, SnapshotStore store) {
        ControlActions actions = new ControlActions(modelId, config, Clock.systemUTC());
        if (c.error != null) {
            return actions.malformed(s, c.raw, c.error);
        }
        return switch (c.cmd) {
            case "rollback" -> actions.rollback(s, store, c.version, c.raw);
            case "freeze" -> actions.freeze(s, true, c.raw);
            case "resume" -> actions.freeze(s, false, c.raw);
            case "approve" -> actions.approve(s, store, c.version, c.raw);
            case "reject" -> actions.reject(s, c.version, c.raw);
            case "thresholds" -> actions.thresholds(s, Json.MAPPER.convertValue(Json.read(c.paramsJson),
                    Json.MAP_TYPE), c.raw);
            default -> actions.malformed(s, c.raw, "unknown command " + c.cmd);
        };
    }

    private static String scope(ControlCommand c) {
        return c.model == null ? ALL_MODELS : c.model;
    }
}
