package dev.selfheal.job.heal;

import dev.selfheal.drift.TrainingStats;
import dev.selfheal.healer.AuditRecord;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.job.event.LabelRequestBatch;
import dev.selfheal.labels.LabelBudget;
import dev.selfheal.labels.LabelRequest;
import dev.selfheal.labels.LabelRequester;
import dev.selfheal.labels.LabelRequesterState;
import dev.selfheal.labels.ScoredBatch;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.List;

/**
 * One model's label requests (labels.budget &gt; 0): chosen after each heal batch within the
 * model's budget ({@link LabelRequester}), and remembered until answered, so answers are counted.
 */
final class LabelRequests {
    /** The label requester's state per model (budget window, uncertainty threshold). */
    static final ValueStateDescriptor<LabelRequesterState> LABEL_REQUESTER =
            new ValueStateDescriptor<>("label-requester", TypeInformation.of(LabelRequesterState.class));
    /** Ids HEAL requested a label for and is still waiting on, with the batch of the request. */
    static final String REQUESTED_IDS = "requested-ids";

    /** labels.budget, labels.strategy and the budget window in rows; checked when made, not in a task. */
    record Settings(double budget, String strategy, long windowRows) implements java.io.Serializable {
        Settings {
            new LabelBudget(budget, windowRows);
            LabelRequester.strategy(strategy);
        }

        /** A budget of 0 makes no requests. */
        static Settings none() {
            return new Settings(0, LabelRequester.STRATEGIES.get(0), 1);
        }
    }

    private final LabelRequester requester;
    private final ValueState<LabelRequesterState> requesterState;
    private final MapState<String, Long> requested;

    LabelRequests(LabelRequester requester, ValueState<LabelRequesterState> requesterState,
                  MapState<String, Long> requested) {
        this.requester = requester;
        this.requesterState = requesterState;
        this.requested = requested;
    }

    /**
     * @param ttlMinutes labels.unmatched-ttl-minutes: an answer that never comes is forgotten with the unmatched labels
     * @return the label requests, or null when the budget is 0
     */
    static LabelRequests of(RuntimeContext rc, Settings settings, TrainingStats stats, long ttlMinutes) {
        if (settings.budget() <= 0) {
            return null;
        }
        MapStateDescriptor<String, Long> requested = new MapStateDescriptor<>(REQUESTED_IDS, Types.STRING, Types.LONG);
        requested.enableTimeToLive(PendingLabels.ttl(ttlMinutes));
        return new LabelRequests(new LabelRequester(new LabelBudget(settings.budget(), settings.windowRows()),
                settings.strategy(), stats), rc.getState(LABEL_REQUESTER), rc.getMapState(requested));
    }

    /** Whether a label that arrived answers a request (which it then closes). */
    boolean answered(String id) throws Exception {
        if (requested.contains(id)) {
            requested.remove(id);
            return true;
        }
        return false;
    }

    /**
     * The requests for the batch just scored, emitted once per batch (also when none were made) and
     * as audit events.
     *
     * @param version the served version, for the audit records
     * @return how many were made
     */
    int request(ScoredBatch scored, long version, SideOutputs out) throws Exception {
        LabelRequesterState rs = requesterState.value();
        if (rs == null) {
            rs = new LabelRequesterState();
        }
        List<LabelRequest> requests = requester.choose(scored, rs);
        requesterState.update(rs);
        for (LabelRequest r : requests) {
            requested.put(r.id(), r.batch());
            out.emit(HealFunction.AUDIT, AuditEvent.of(new AuditRecord(r.ts(), LabelRequest.AUDIT_TYPE, r.model(),
                    version, r.batch(), r.auditDetails())));
        }
        out.emit(HealFunction.LABEL_REQUESTS, LabelRequestBatch.of(scored.model(), scored.batch(), requests));
        return requests.size();
    }
}
