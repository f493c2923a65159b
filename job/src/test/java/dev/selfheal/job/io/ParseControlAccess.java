package dev.selfheal.job.io;

import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.security.ControlAuth;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.runtime.state.FunctionInitializationContext;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Drives {@link ParseControl} outside Flink, with an in-memory operator state, for tests. */
public final class ParseControlAccess {
    private final ControlAuth auth;
    private final List<String> stored;
    private final ParseControl fn;

    public ParseControlAccess(ControlAuth auth) {
        this(auth, new ArrayList<>());
    }

    private ParseControlAccess(ControlAuth auth, List<String> stored) {
        this.auth = auth;
        this.stored = stored;
        this.fn = new ParseControl(auth);
        try {
            fn.initializeState(context());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public ControlCommand parse(String line, long nowMs) {
        return fn.parse(line, nowMs);
    }

    /** Checkpoints, then builds a fresh function restored from that checkpoint. */
    public ParseControlAccess restart() throws Exception {
        fn.snapshotState(null);
        return new ParseControlAccess(auth, stored);
    }

    @SuppressWarnings("unchecked")
    private FunctionInitializationContext context() {
        ListState<String> list = (ListState<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ListState.class}, (p, m, a) -> switch (m.getName()) {
                    case "get" -> List.copyOf(stored);
                    case "update" -> {
                        stored.clear();
                        stored.addAll((List<String>) a[0]);
                        yield null;
                    }
                    case "add" -> stored.add((String) a[0]);
                    case "clear" -> {
                        stored.clear();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        OperatorStateStore store = (OperatorStateStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {OperatorStateStore.class}, (p, m, a) -> {
                    if (m.getName().equals("getListState") && a[0] instanceof ListStateDescriptor<?>) {
                        return list;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        return (FunctionInitializationContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FunctionInitializationContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getOperatorStateStore" -> store;
                    case "isRestored" -> !stored.isEmpty();
                    case "getRestoredCheckpointId" -> OptionalLong.empty();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
