package dev.selfheal.job.config;

/**
 * What the job reads: the model directory, the transaction, label and control streams, and the
 * transactions' record format. Keys {@code input.*}; also {@code model.dir} and {@code avro.schema}
 * (the transactions' schema), which keep keys of their own.
 */
public final class InputSettings {
    private InputSettings() {}

    public static final Setting<String> MODEL_DIR = Setting.text("model.dir", "",
            "Model directory written by `train` or `import` (manifest.json and weight files).");
    public static final Setting<String> TRANSACTIONS = Setting.text("input.transactions", "",
            "Transactions: a CSV file or directory of them, read in order, generator:SCENARIO[:SEED[:COUNT]], or kafka:TOPIC.");
    public static final Setting<Double> RATE = Setting.number("input.rate", 0, 0, 1e9,
            "Events per second for the generator source (input.transactions: generator:SCENARIO[:SEED[:COUNT]]); 0 = unthrottled.");
    public static final Setting<Integer> GENERATOR_MODELS = Setting.integer("input.generator-models", 0, 0,
            1_000_000, "Generator only: spread the rows over this many models m0..m<N-1> (each row's model drawn from a "
                    + "fixed hash of its index; each model's heal batches are batch.size of its rows); 0 = one model, "
                    + "batches by the scenario's batch column.");
    public static final Setting<String> LABELS = Setting.text("input.labels", "",
            "Labels arriving later (id,label[,ts[,model]]): a file or kafka:TOPIC; empty = labels from the transactions' label column.");
    public static final Setting<String> MODELS = Setting.idList("input.models", "",
            "Model ids this job serves (comma-separated); a transaction or label for any other id (a row or label "
                    + "without a model id is the listed model when exactly one is listed, else model 'default') is a dead letter 'unknown_model' instead of getting an adapter of its own. "
                    + "Empty = every id is served.");
    public static final Setting<String> CONTROL = Setting.text("input.control", "",
            "Control commands (JSON lines): a file path, socket:HOST:PORT or kafka:TOPIC; empty = none.");
    public static final Setting<String> FORMAT = Setting.choice("input.format", "csv",
            "Format of the transactions: csv (a header row, then rows; from Kafka the header is input.header), json "
                    + "(one object per line or Kafka record, the feature names and the reserved columns as keys, "
                    + "other keys ignored) or avro (binary records of the schema in avro.schema: one per Kafka "
                    + "record; in files each record is preceded by its length). With json or avro, label lines may "
                    + "also be JSON objects {id, label, ts, model}.", "csv", "json", "avro");
    public static final Setting<String> HEADER = Setting.text("input.header", "",
            "CSV header of transactions read from Kafka (files carry their own); empty = the generator's "
                    + "columns (id,key,ts,batch,label, then the scenario features).");
    public static final Setting<String> AVRO_SCHEMA = Setting.text("avro.schema", "",
            "Avro schema file (.avsc) of the transactions, required with input.format: avro. A record whose "
                    + "fields include the model's features (int, long, float, double or a decimal string, "
                    + "optionally nullable) and optionally the reserved fields id, key, ts, batch, label, "
                    + "true_label, model; read when the job is built, so the job carries it.");
}
