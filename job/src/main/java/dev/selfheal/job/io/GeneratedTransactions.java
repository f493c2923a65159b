package dev.selfheal.job.io;

import dev.selfheal.data.Transaction;
import dev.selfheal.scenario.Scenario;
import dev.selfheal.scenario.ScenarioGenerator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.List;

/**
 * The built-in generator as a transaction source: a scenario's stream, repeated for as long as
 * asked (batch numbers, ids and timestamps keep increasing), optionally rate-limited. Emits the same
 * CSV lines a file would hold, so the job parses them exactly as it parses files.
 * {@code input.transactions: generator:SCENARIO[:SEED[:COUNT]]}.
 */
public final class GeneratedTransactions {
    public static final String PREFIX = "generator:";
    static final String HEADER_PREFIX = "id,key,ts,batch,label";

    private GeneratedTransactions() {}

    public static boolean isSpec(String s) {
        return s != null && s.startsWith(PREFIX);
    }

    /** The header line of the generated CSV. */
    public static String header() {
        return HEADER_PREFIX + "," + String.join(",", ScenarioGenerator.FEATURE_NAMES);
    }

    /**
     * @param spec          {@code generator:SCENARIO[:SEED[:COUNT]]}; COUNT defaults to unbounded
     * @param ratePerSecond events per second, or &lt;= 0 for as fast as possible
     */
    public static DataGeneratorSource<String> source(String spec, double ratePerSecond) {
        String[] p = spec.substring(PREFIX.length()).split(":");
        Scenario scenario = Scenario.parse(p[0]);
        long seed = p.length > 1 ? Long.parseLong(p[1]) : 42;
        long count = p.length > 2 ? Long.parseLong(p[2]) : Long.MAX_VALUE;
        if (count < 1) {
            throw new IllegalArgumentException("input.transactions: generator count must be >= 1");
        }
        RateLimiterStrategy limiter = ratePerSecond > 0 ? RateLimiterStrategy.perSecond(ratePerSecond)
                : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(new Lines(scenario, seed), count, limiter, Types.STRING);
    }

    /** Row i of the endless stream: row i mod N of the scenario's stream, renumbered. */
    static final class Lines implements GeneratorFunction<Long, String> {
        private static final long serialVersionUID = 1L;
        private final Scenario scenario;
        private final long seed;
        private transient List<Transaction> base;
        private transient int batchSize;
        private transient StringBuilder line;

        Lines(Scenario scenario, long seed) {
            this.scenario = scenario;
            this.seed = seed;
        }

        @Override
        public String map(Long index) {
            if (base == null) {
                base = new ScenarioGenerator(scenario, seed).generate().stream().rows();
                batchSize = (int) base.stream().filter(t -> t.batch == base.get(0).batch).count();
                line = new StringBuilder(256);
            }
            long i = index;
            Transaction t = base.get((int) (i % base.size()));
            line.setLength(0);
            line.append("g-").append(i).append(',').append(t.key).append(',')
                    .append(1_700_000_000_000L + i * 10).append(',').append(i / batchSize + 1).append(',')
                    .append(t.label);
            for (float x : t.features) {
                line.append(',').append(x);
            }
            return line.toString();
        }
    }
}
