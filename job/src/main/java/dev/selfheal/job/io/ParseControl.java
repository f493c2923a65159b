package dev.selfheal.job.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.Json;
import dev.selfheal.job.security.ControlAuth;
import dev.selfheal.job.security.NonceWindow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses control lines and, when a secret is configured, authenticates them (HMAC, timestamp window,
 * unused nonce). A refused command keeps flowing with {@link ControlCommand#error} set, so HEAL
 * audits it and never applies it. Runs with parallelism 1: one nonce set for the whole job, kept in
 * operator state so a restart does not reopen the window for commands already accepted before the
 * last checkpoint (those after it are replayed by the source and accepted once more, as exactly-once
 * requires).
 */
public class ParseControl extends RichMapFunction<String, ControlCommand> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    static final int MAX_NONCES = 100_000;

    private final ControlAuth auth;
    private transient NonceWindow nonces;
    private transient ListState<String> nonceState;
    private transient Counter refused;

    public ParseControl(ControlAuth auth) {
        this.auth = auth;
    }

    @Override
    public void open(OpenContext ctx) {
        refused = getRuntimeContext().getMetricGroup().addGroup("selfheal").counter("control_refused");
    }

    @Override
    public ControlCommand map(String line) {
        ControlCommand c = parse(line, System.currentTimeMillis());
        if (c.error != null && refused != null) {
            refused.inc();
        }
        return c;
    }

    ControlCommand parse(String line, long nowMs) {
        if (nonces == null) {
            nonces = new NonceWindow(auth.windowMs(), MAX_NONCES);
        }
        ControlCommand c = ControlCommand.parse(line, nowMs);
        if (!auth.enabled() || (c.error != null && c.error.startsWith("command longer"))) {
            return c;
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line);
        } catch (Exception e) {
            n = null;
        }
        // Authentication decides first: an unsigned sender learns nothing about what would be valid.
        String why = auth.verify(n, nowMs);
        if (why == null) {
            why = nonces.admit(n.get(ControlAuth.NONCE).asText(), nowMs);
        }
        if (why != null) {
            c.error = why;
        }
        return c;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        List<String> rows = new ArrayList<>();
        if (nonces != null) {
            for (Map.Entry<String, Long> e : nonces.snapshot().entrySet()) {
                rows.add(e.getValue() + " " + e.getKey());
            }
        }
        nonceState.update(rows);
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        nonceState = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("control-nonces", Types.STRING));
        nonces = new NonceWindow(auth.windowMs(), MAX_NONCES);
        for (String row : nonceState.get()) {
            int sp = row.indexOf(' ');
            nonces.restore(row.substring(sp + 1), Long.parseLong(row.substring(0, sp)));
        }
    }
}
