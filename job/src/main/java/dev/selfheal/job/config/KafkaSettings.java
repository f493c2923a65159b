package dev.selfheal.job.config;

/**
 * The brokers behind {@code kafka:TOPIC} inputs, the consumers' start, and the exactly-once sinks'
 * topics and transactions. Keys {@code kafka.*}.
 */
public final class KafkaSettings {
    private KafkaSettings() {}

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.text("kafka.bootstrap-servers", "",
            "Kafka brokers (host:port[,host:port]) for kafka:TOPIC inputs and kafka.scored-topic.");
    public static final Setting<String> GROUP_ID = Setting.text("kafka.group-id", "selfheal",
            "Consumer group of the Kafka sources (positions live in Flink's checkpoints; the group only shows lag).");
    public static final Setting<String> START = Setting.choice("kafka.start", "earliest",
            "Where Kafka sources start when not restored from a savepoint: earliest, latest, or committed "
                    + "(the group's offsets, else earliest).", "earliest", "latest", "committed");
    public static final Setting<String> STOP = Setting.choice("kafka.stop", "never",
            "Where Kafka sources stop: never (a streaming job, the default) or latest (the offsets present when the "
                    + "job starts: the job reads what is there, commits its output and finishes, e.g. a backfill).",
            "never", "latest");
    public static final Setting<String> SCORED_TOPIC = Setting.text("kafka.scored-topic", "",
            "Topic for scored events, written exactly-once (Kafka transactions committed on checkpoints; "
                    + "read it with isolation.level=read_committed); empty = files under output.dir.");
    public static final Setting<String> LABEL_REQUEST_TOPIC = Setting.text("kafka.label-request-topic", "",
            "Topic for label requests (labels.budget > 0), written exactly-once; empty = label_requests/ under "
                    + "output.dir.");
    public static final Setting<String> TRANSACTIONAL_ID_PREFIX = Setting.text("kafka.transactional-id-prefix",
            "selfheal-scored", "Prefix of the scored sink's Kafka transactional ids; unique per job on a cluster.");
    public static final Setting<Long> TRANSACTION_TIMEOUT_MS = Setting.longValue("kafka.transaction-timeout-ms", 600_000,
            1_000, 3_600_000, "Kafka transaction timeout of the exactly-once sink: longer than a checkpoint plus a "
                    + "recovery, at most the broker's transaction.max.timeout.ms (15 min by default).");
    public static final Setting<Integer> PRODUCER_LINGER_MS = Setting.integer("kafka.producer.linger-ms", 20, 0,
            10_000, "How long the exactly-once sinks' producers wait to fill a batch (Kafka linger.ms). Readers with "
                    + "read_committed see output only when a checkpoint commits it, so waiting adds no latency they "
                    + "can see, and fuller batches cost the job and the broker less CPU per event.");
    public static final Setting<Integer> PRODUCER_BATCH_SIZE = Setting.integer("kafka.producer.batch-size", 262_144,
            1_024, 16 * 1_048_576, "Largest batch per partition, in bytes, of the exactly-once sinks' producers "
                    + "(Kafka batch.size; the client's default, 16384, sends a request every ~80 scored events).");
    public static final Setting<String> PRODUCER_COMPRESSION = Setting.choice("kafka.producer.compression", "none",
            "Compression of the exactly-once sinks' batches (Kafka compression.type): none spends no CPU on a broker "
                    + "on the same host or a fast network; lz4 or zstd when the network is what limits.",
            "none", "lz4", "zstd", "snappy", "gzip");
}
