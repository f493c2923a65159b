package dev.selfheal.job.heal;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.operators.testutils.MockInputSplitProvider;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Flink's {@code KeyedBroadcastOperatorTestHarness} does, on an environment whose metric
 * registry keeps every metric the operator registers, so a test can read the operator's counters
 * as Prometheus would see them; plus reads of the operator's keyed state.
 */
final class MeteredBroadcastHarness<K, IN1, IN2, OUT> extends AbstractStreamOperatorTestHarness<OUT> {
    private final Map<String, Metric> metrics;
    private final MockEnvironment env;
    private final CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> op;

    private MeteredBroadcastHarness(CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> op, MockEnvironment env,
                                    Map<String, Metric> metrics, KeySelector<IN1, K> key, TypeInformation<K> keyType)
            throws Exception {
        super(op, env);
        this.op = op;
        this.env = env;
        this.metrics = metrics;
        config.setStatePartitioner(0, key);
        config.setStateKeySerializer(keyType.createSerializer(executionConfig.getSerializerConfig()));
        config.serializeAllConfigs();
    }

    static <K, IN1, IN2, OUT> MeteredBroadcastHarness<K, IN1, IN2, OUT> of(
            CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> op, KeySelector<IN1, K> key, TypeInformation<K> keyType)
            throws Exception {
        Map<String, Metric> metrics = new ConcurrentHashMap<>();
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> metrics.put(group.getMetricIdentifier(name), metric))
                .build();
        var task = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate())
                .addJob(new JobID(), "test-job").addTask(ExecutionAttemptID.randomId(), "test-task");
        MockEnvironment env = new MockEnvironmentBuilder().setTaskName("test-task").setManagedMemorySize(3 << 20)
                .setInputSplitProvider(new MockInputSplitProvider()).setBufferSize(1024).setMaxParallelism(1)
                .setParallelism(1).setSubtaskIndex(0).setMetricGroup(task).build();
        return new MeteredBroadcastHarness<>(op, env, metrics, key, keyType);
    }

    void processElement(IN1 value, long timestamp) throws Exception {
        StreamRecord<IN1> r = new StreamRecord<>(value, timestamp);
        op.setKeyContextElement1(r);
        op.processElement1(r);
    }

    void processBroadcastElement(IN2 value, long timestamp) throws Exception {
        op.processElement2(new StreamRecord<>(value, timestamp));
    }

    void processWatermark(long ts) throws Exception {
        op.processWatermark1(new Watermark(ts));
    }

    void processBroadcastWatermark(long ts) throws Exception {
        op.processWatermark2(new Watermark(ts));
    }

    /** The counter registered under a name ending in {@code scopedName}, e.g. "selfheal.heals". */
    long counter(String scopedName) {
        Metric found = null;
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            if (e.getKey().endsWith("." + scopedName)) {
                if (found != null) {
                    throw new IllegalStateException("more than one metric named " + scopedName);
                }
                found = e.getValue();
            }
        }
        if (!(found instanceof Counter c)) {
            throw new IllegalStateException("no counter " + scopedName + " among " + metrics.keySet());
        }
        return c.getCount();
    }

    /** The value of the gauge registered under a name ending in {@code scopedName}, or null if there is none. */
    Object gauge(String scopedName) {
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            if (e.getKey().endsWith("." + scopedName) && e.getValue() instanceof org.apache.flink.metrics.Gauge<?> g) {
                return g.getValue();
            }
        }
        return null;
    }

    <UK, UV> Map<UK, UV> mapState(K key, MapStateDescriptor<UK, UV> descriptor) throws Exception {
        MapState<UK, UV> state = backend(key).getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, descriptor);
        Map<UK, UV> copy = new java.util.HashMap<>();
        for (Map.Entry<UK, UV> e : state.entries()) {
            copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }

    <V> V valueState(K key, ValueStateDescriptor<V> descriptor) throws Exception {
        ValueState<V> state = backend(key).getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, descriptor);
        return state.value();
    }

    private KeyedStateBackend<K> backend(K key) {
        KeyedStateBackend<K> b = getOperator().getKeyedStateBackend();
        b.setCurrentKey(key);
        return b;
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            env.close();
        }
    }
}
