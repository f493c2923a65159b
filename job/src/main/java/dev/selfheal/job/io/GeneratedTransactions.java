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
 * {@code input.transactions: generator:SCENARIO[:SEED[:COUNT]]}. With several models
 * ({@code input.generator-models}) each row belongs to one of them, drawn from a fixed hash of its
 * index, and carries no batch column, so each model's heal batches are {@code batch.size} of its own
 * rows.
 */
public final class GeneratedTransactions {
    public static final String PREFIX = "generator:";
    static final String HEADER_PREFIX = "id,key,ts,batch,label";
    static final String MODELS_HEADER_PREFIX = "id,key,ts,model,label";

    private GeneratedTransactions() {}

    public static boolean isSpec(String s) {
        return s != null && s.startsWith(PREFIX);
    }

    /** The header line of the generated CSV. */
    public static String header() {
        return header(0);
    }

    /** The header line for rows spread over {@code models} models (0: one model, with a batch column). */
    public static String header(int models) {
        return header(ScenarioGenerator.FEATURE_NAMES, models);
    }

    /** The header line of {@code spec}'s rows: the columns of its scenario, which families may name differently. */
    public static String header(String spec, int models) {
        return header(scenarioOf(spec).featureNames(), models);
    }

    private static String header(List<String> features, int models) {
        return (models > 0 ? MODELS_HEADER_PREFIX : HEADER_PREFIX) + "," + String.join(",", features);
    }

    private static Scenario scenarioOf(String spec) {
        return Scenario.parse(spec.substring(PREFIX.length()).split(":")[0]);
    }

    /**
     * The model row {@code index} belongs to when rows are spread over {@code models} models. A hash,
     * not {@code index mod models}: the scenario's stream repeats every few thousand rows, and with a
     * plain modulus each of 1,000 models would see the same handful of rows over and over.
     */
    public static String modelOf(long index, int models) {
        long z = index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return "m" + Math.floorMod(z ^ (z >>> 31), models);
    }

    /**
     * @param spec          {@code generator:SCENARIO[:SEED[:COUNT]]}; COUNT defaults to unbounded
     * @param ratePerSecond events per second, or &lt;= 0 for as fast as possible
     */
    public static DataGeneratorSource<String> source(String spec, double ratePerSecond) {
        return source(spec, ratePerSecond, 0);
    }

    /**
     * @param models 0 for rows of one model with a batch column, else the number of models rows are
     *               spread over (see {@link #modelOf})
     */
    public static DataGeneratorSource<String> source(String spec, double ratePerSecond, int models) {
        String[] p = spec.substring(PREFIX.length()).split(":");
        Scenario scenario = scenarioOf(spec);
        long seed = p.length > 1 ? Long.parseLong(p[1]) : 42;
        long count = p.length > 2 ? Long.parseLong(p[2]) : Long.MAX_VALUE;
        if (count < 1) {
            throw new IllegalArgumentException("input.transactions: generator count must be >= 1");
        }
        RateLimiterStrategy limiter = ratePerSecond > 0 ? RateLimiterStrategy.perSecond(ratePerSecond)
                : RateLimiterStrategy.noOp();
        if (models < 0) {
            throw new IllegalArgumentException("input.generator-models must be >= 0");
        }
        return new DataGeneratorSource<>(new Lines(scenario, seed, models), count, limiter, Types.STRING);
    }

    /** Row i of the endless stream: row i mod N of the scenario's stream, renumbered. */
    static final class Lines implements GeneratorFunction<Long, String> {
        private static final long serialVersionUID = 1L;
        private final Scenario scenario;
        private final long seed;
        private final int models;
        private transient List<Transaction> base;
        private transient int batchSize;
        private transient StringBuilder line;

        Lines(Scenario scenario, long seed, int models) {
            this.scenario = scenario;
            this.seed = seed;
            this.models = models;
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
                    .append(1_700_000_000_000L + i * 10).append(',');
            if (models > 0) {
                line.append(modelOf(i, models));
            } else {
                line.append(i / batchSize + 1);
            }
            line.append(',').append(t.label);
            for (float x : t.features) {
                line.append(',').append(x);
            }
            return line.toString();
        }
    }
}
