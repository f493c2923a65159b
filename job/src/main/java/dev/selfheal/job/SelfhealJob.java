package dev.selfheal.job;

import dev.selfheal.data.RecordFormat;
import dev.selfheal.data.Transaction;
import dev.selfheal.healer.BatchMetrics;
import dev.selfheal.healer.HealerConfig;
import dev.selfheal.job.config.CheckpointSettings;
import dev.selfheal.job.config.DriftSettings;
import dev.selfheal.job.config.HealSettings;
import dev.selfheal.job.config.InputSettings;
import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.OutputSettings;
import dev.selfheal.job.config.ScoreSettings;
import dev.selfheal.job.event.AdapterApplied;
import dev.selfheal.job.event.AuditEvent;
import dev.selfheal.job.event.ControlCommand;
import dev.selfheal.job.event.DeadLetterRecord;
import dev.selfheal.job.event.HealInput;
import dev.selfheal.job.event.ScoredEvent;
import dev.selfheal.job.event.ScoredEventAvro;
import dev.selfheal.job.heal.HealBatchHook;
import dev.selfheal.job.io.ParseLabels;
import dev.selfheal.job.io.ParseTransactionRecords;
import dev.selfheal.job.io.ParseTransactions;
import dev.selfheal.job.io.TransactionTypeInfo;
import dev.selfheal.job.score.ServedModel;
import dev.selfheal.model.DomainKnowledge;
import dev.selfheal.model.FraudModel;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.Base64;

/**
 * The production job (docs/architecture.md): the sources in front of {@link SelfhealGraph} (parse,
 * validate, event time), the sinks behind it. Sources and sinks come in through the constructor, so
 * the CLI, the production entry point and the tests wire different ends to the same graph. Every
 * stateful operator and source has a fixed uid: savepoints map state by uid, so these must never change.
 */
public final class SelfhealJob {
    /** Broadcast state of HEAL: standing commands (freeze, thresholds) by scope, for models that start later. */
    public static final MapStateDescriptor<String, ControlCommand> CONTROL_STATE = SelfhealGraph.CONTROL_STATE;

    /**
     * A stage put in front of the scored-event sink, in the sink's chain. Production has none; the
     * lab's backpressure drill slows the sink down here.
     */
    public interface ScoredSinkStage {
        <T> DataStream<T> apply(DataStream<T> records, TypeInformation<T> type, int parallelism);
    }

    private final JobConfig config;
    private final SelfhealGraph graph;
    private final FraudModel model;
    private final JobSources sources;
    private final JobSinks sinks;
    private ScoredSinkStage scoredSinkStage;

    public SelfhealJob(JobConfig config, HealerConfig healerConfig, ServedModel servedModel, JobSources sources,
                       JobSinks sinks, HealBatchHook healHook) {
        this.config = config;
        this.graph = new SelfhealGraph(config, healerConfig, servedModel, healHook);
        this.model = graph.model();
        this.sources = sources;
        this.sinks = sinks;
    }

    /** Puts {@code stage} in front of the scored-event sink. */
    public SelfhealJob beforeScoredSink(ScoredSinkStage stage) {
        this.scoredSinkStage = stage;
        return this;
    }

    /** Parsed, validated transactions with their event time, and the parsers' dead letters. */
    private record Parsed(DataStream<Transaction> transactions, DataStream<DeadLetterRecord> deadLetters,
                          dev.selfheal.data.ModelAllowList models) {}

    public void build(StreamExecutionEnvironment env) {
        Parsed in = transactions(env);
        DataStream<Transaction> transactions = in.transactions();
        DataStream<DeadLetterRecord> deadLetters = in.deadLetters();
        dev.selfheal.data.ModelAllowList models = in.models();

        DataStream<HealInput> labels;
        if (sources.labels() != null) {
            SingleOutputStreamOperator<HealInput> parsedLabels = env
                    .fromSource(sources.labels(), WatermarkStrategy.noWatermarks(), "labels")
                    .uid("source-labels").setParallelism(1)
                    .process(new ParseLabels(models, labelsMayBeJson())).uid("parse-labels").name("parse/validate labels").setParallelism(1);
            deadLetters = deadLetters.union(parsedLabels.getSideOutput(ParseTransactions.DEAD_LETTERS));
            // A paced source's own watermarks say when its labels are complete; an assigner would drop them.
            labels = sources.labelsPaced() ? parsedLabels
                    : parsedLabels.assignTimestampsAndWatermarks(WatermarkStrategy.<HealInput>forMonotonousTimestamps()
                            .withTimestampAssigner((h, ts) -> h.labelTs))
                    .uid("watermarks-labels").setParallelism(1);
        } else {
            labels = SelfhealGraph.labelsFrom(transactions, config.get(HealSettings.SAMPLE_RATE));
        }

        DataStream<ControlCommand> control = sources.control() == null ? SelfhealGraph.noControl(env)
                : sources.control().open(env)
                        .map(new dev.selfheal.job.io.ParseControl(dev.selfheal.job.security.ControlAuths.from(config, System.getenv())))
                        .uid("parse-control").name("parse/validate control").setParallelism(1);

        SelfhealGraph.Outputs out = graph.wire(transactions, labels, control);
        write(out, deadLetters);
    }

    /**
     * The job's ends without its middle, the reference the benchmark divides the job's figures by:
     * the same sources, parse/validate, event time, keyBy, scored-event formatting and scored and
     * dead-letter sinks as {@link #build}, with {@code standIn} making each transaction's scored event
     * in place of PROFILE, HEAL and SCORE.
     */
    public void buildEnds(StreamExecutionEnvironment env, MapFunction<Transaction, ScoredEvent> standIn) {
        Parsed in = transactions(env);
        int parallelism = config.get(ScoreSettings.PARALLELISM);
        DataStream<ScoredEvent> scored = in.transactions()
                .keyBy(dev.selfheal.job.score.ScoreRouting.keyFor(config.get(ScoreSettings.ROUTE_BY)))
                .map(standIn).returns(TypeInformation.of(ScoredEvent.class))
                .uid("pass-through").name("PASS-THROUGH").setParallelism(parallelism);
        sinkScored(scored, parallelism);
        in.deadLetters().map(DeadLetterRecord::toJson).uid("dead-letters-json")
                .sinkTo(sinks.deadLetters()).uid("sink-dead-letters").name("dead letters").setParallelism(1);
    }

    /** Transactions: read in order, parsed and validated, then stamped with their event time. */
    private Parsed transactions(StreamExecutionEnvironment env) {
        java.util.List<String> features = sources.features() != null ? sources.features() : model.features();
        check(model, sources.transactionHeader(), features, config);

        dev.selfheal.data.ModelAllowList models = dev.selfheal.data.ModelAllowList.parse(config.get(InputSettings.MODELS));
        SingleOutputStreamOperator<Transaction> parsed;
        if (sources.records() != null) {
            // JSON or Avro records, parsed from their bytes; the decoder checks the schema here, before submission.
            parsed = env.fromSource(sources.records().source(), WatermarkStrategy.noWatermarks(), "transactions")
                    .uid("source-transactions").setParallelism(1)
                    .process(new ParseTransactionRecords(sources.records().decoder(features, models)))
                    .returns(TransactionTypeInfo.INSTANCE)
                    .uid("parse-transactions").name("parse/validate transactions").setParallelism(1);
        } else {
            parsed = env.fromSource(sources.transactions(), WatermarkStrategy.noWatermarks(), "transactions")
                    .uid("source-transactions").setParallelism(1)
                    .process(new ParseTransactions(sources.transactionHeader(), features, models))
                    .returns(TransactionTypeInfo.INSTANCE) // a compact wire format: every event crosses two edges
                    .uid("parse-transactions").name("parse/validate transactions").setParallelism(1);
        }
        DataStream<Transaction> transactions = parsed
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Transaction>forMonotonousTimestamps()
                        .withTimestampAssigner((t, ts) -> t.ts))
                .uid("watermarks-transactions").setParallelism(1);
        return new Parsed(transactions, parsed.getSideOutput(ParseTransactions.DEAD_LETTERS), models);
    }

    private void write(SelfhealGraph.Outputs out, DataStream<DeadLetterRecord> deadLetters) {
        sinkScored(out.scored(), config.get(ScoreSettings.PARALLELISM));
        out.applied().map(AdapterApplied::toJson).uid("applied-json")
                .sinkTo(sinks.applied()).uid("sink-applied").name("adapters applied").setParallelism(1);
        // Duplicate and unmatched labels are reported by HEAL beside the parsers' rejections.
        deadLetters = deadLetters.union(out.deadLetters());
        out.metrics().map(BatchMetrics::toCsvRow).uid("metrics-csv")
                .sinkTo(sinks.metrics()).uid("sink-metrics").name("batch metrics").setParallelism(1);
        out.audit().map(AuditEvent::toJson).uid("audit-json")
                .sinkTo(sinks.audit()).uid("sink-audit").name("audit events").setParallelism(1);
        out.adapters().map(u -> "{\"model\":" + dev.selfheal.job.event.Json.quote(u.model) + ",\"version\":" + u.version
                        + ",\"reason\":" + dev.selfheal.job.event.Json.quote(u.reason) + ",\"threshold\":" + u.threshold
                        + ",\"adapter\":\""
                        + Base64.getEncoder().encodeToString(u.adapter) + "\"}")
                .uid("adapters-json").sinkTo(sinks.adapters()).uid("sink-adapters").name("adapter updates")
                .setParallelism(1);
        DataStream<dev.selfheal.job.event.LabelRequestBatch> requests = out.labelRequests();
        if (requests != null) {
            if (sinks.labelRequests() != null) {
                requests.flatMap((dev.selfheal.job.event.LabelRequestBatch b,
                                  org.apache.flink.util.Collector<String> lines) -> {
                            for (String line : b.json) {
                                lines.collect(line);
                            }
                        }).returns(Types.STRING).uid("label-requests-json").setParallelism(1)
                        .sinkTo(sinks.labelRequests()).uid("sink-label-requests").name("label requests")
                        .setParallelism(1);
            }
            if (sinks.requestFeedback() != null) {
                requests.sinkTo(sinks.requestFeedback()).uid("sink-label-request-feedback")
                        .name("label requests (investigator)").setParallelism(1);
            }
        }
        deadLetters.map(DeadLetterRecord::toJson).uid("dead-letters-json")
                .sinkTo(sinks.deadLetters()).uid("sink-dead-letters").name("dead letters").setParallelism(1);
    }

    /**
     * Scored events in {@code output.format}: JSON lines (the default, as always), CSV rows, or Avro
     * records; JSON and CSV as bytes when the sinks take bytes, else as text.
     */
    private void sinkScored(DataStream<ScoredEvent> scored, int parallelism) {
        RecordFormat format = RecordFormat.parse(config.get(OutputSettings.FORMAT));
        if (format == RecordFormat.AVRO) {
            if (sinks.scoredRecords() == null) {
                throw new IllegalArgumentException(OutputSettings.FORMAT.key() + ": avro is not available for this "
                        + "command's scored output; use json or csv");
            }
            DataStream<byte[]> records = scored.map(new ScoredEventAvro())
                    .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO).uid("scored-avro")
                    .setParallelism(parallelism);
            if (scoredSinkStage != null) {
                records = scoredSinkStage.apply(records, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, parallelism);
            }
            records.sinkTo(sinks.scoredRecords()).uid("sink-scored").name("scored events").setParallelism(parallelism);
            return;
        }
        if (sinks.scoredRecords() != null) {
            // Straight to the UTF-8 bytes the sink writes: no String per event to encode again.
            DataStream<byte[]> lines = scored.map(new dev.selfheal.job.event.ScoredEventLines(format))
                    .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                    .uid(format == RecordFormat.CSV ? "scored-csv" : "scored-json").setParallelism(parallelism);
            if (scoredSinkStage != null) {
                lines = scoredSinkStage.apply(lines, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, parallelism);
            }
            lines.sinkTo(sinks.scoredRecords()).uid("sink-scored").name("scored events").setParallelism(parallelism);
            return;
        }
        if (sinks.scored() == null) {
            throw new IllegalArgumentException(OutputSettings.FORMAT.key() + ": " + format
                    + " is not available for this command's scored output; use avro");
        }
        DataStream<String> scoredText = format == RecordFormat.CSV
                ? scored.map(ScoredEvent::toCsv).uid("scored-csv").setParallelism(parallelism)
                : scored.map(ScoredEvent::toJson).uid("scored-json").setParallelism(parallelism);
        if (scoredSinkStage != null) {
            scoredText = scoredSinkStage.apply(scoredText, Types.STRING, parallelism);
        }
        scoredText.sinkTo(sinks.scored()).uid("sink-scored").name("scored events").setParallelism(parallelism);
    }

    /** With JSON or Avro transactions, label lines may be JSON objects too; with CSV they are read as before. */
    private boolean labelsMayBeJson() {
        return RecordFormat.parse(config.get(InputSettings.FORMAT)) != RecordFormat.CSV;
    }

    /**
     * Refuses, in one line and before the job is submitted, what would otherwise fail in every
     * SCORE and HEAL task as they open: rules over features the model lacks, a drift key feature
     * that is not one of its features, a stream whose columns do not hold the model's features.
     */
    public static void check(FraudModel model, String header, java.util.List<String> streamFeatures,
                             JobConfig config) {
        if (!streamFeatures.equals(model.features())) {
            throw new IllegalArgumentException("the stream's features " + streamFeatures + " are not the model's "
                    + model.features() + " (same names, same order)");
        }
        if (header != null) {
            try {
                dev.selfheal.data.CsvHeader.parse(header, streamFeatures);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the transactions' header does not fit the model: "
                        + e.getMessage(), e);
            }
        }
        DomainKnowledge.checkedRules(model.rules(), model.features(), "the model's rules");
        String fidiFeature = config.get(DriftSettings.FIDI_FEATURE);
        if (!fidiFeature.isBlank()) {
            DomainKnowledge.checkedKeyFeature(fidiFeature, model.features(), DriftSettings.FIDI_FEATURE.key());
        } else if (model.keyFeature() == null) {
            throw new IllegalArgumentException("the model names no key feature for the drift z-score: set "
                    + DriftSettings.FIDI_FEATURE.key() + " to one of " + String.join(", ", model.features()));
        }
    }

    static Duration checkpointInterval(JobConfig c) {
        return Duration.ofMillis(c.get(CheckpointSettings.INTERVAL_MS));
    }
}
