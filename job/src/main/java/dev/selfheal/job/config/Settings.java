package dev.selfheal.job.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key the job understands, with defaults and descriptions. The heal's defaults
 * are the reference method's unless a line says otherwise; a profile may override them.
 */
public final class Settings {
    private Settings() {}

    // Where things are (for `run`; `demo` and `experiment` set them themselves)
    public static final Setting<String> MODEL_DIR = Setting.text("model.dir", "",
            "Model directory written by `train` or `import` (manifest.json and weight files).");
    public static final Setting<String> INPUT_TRANSACTIONS = Setting.text("input.transactions", "",
            "Transactions: a CSV file or directory of them, read in order, generator:SCENARIO[:SEED[:COUNT]], or kafka:TOPIC.");
    public static final Setting<Double> INPUT_RATE = Setting.number("input.rate", 0, 0, 1e9,
            "Events per second for the generator source (input.transactions: generator:SCENARIO[:SEED[:COUNT]]); 0 = unthrottled.");
    public static final Setting<Integer> INPUT_GENERATOR_MODELS = Setting.integer("input.generator-models", 0, 0,
            1_000_000, "Generator only: spread the rows over this many models m0..m<N-1> (each row's model drawn from a "
                    + "fixed hash of its index; each model's heal batches are batch.size of its rows); 0 = one model, "
                    + "batches by the scenario's batch column.");
    public static final Setting<String> INPUT_LABELS = Setting.text("input.labels", "",
            "Labels arriving later (id,label[,ts[,model]]): a file or kafka:TOPIC; empty = labels from the transactions' label column.");
    public static final Setting<String> INPUT_MODELS = Setting.idList("input.models", "",
            "Model ids this job serves (comma-separated); a transaction or label for any other id (a row or label "
                    + "without a model id is the listed model when exactly one is listed, else model 'default') is a dead letter 'unknown_model' instead of getting an adapter of its own. "
                    + "Empty = every id is served.");
    public static final Setting<String> INPUT_CONTROL = Setting.text("input.control", "",
            "Control commands (JSON lines): a file path, socket:HOST:PORT or kafka:TOPIC; empty = none.");
    public static final Setting<String> OUTPUT_DIR = Setting.text("output.dir", "",
            "Directory for scored events, metrics, audit events and dead letters (exactly-once file sinks).");
    public static final Setting<String> PROMETHEUS_PORT = Setting.text("metrics.prometheus.port", "9249-9260",
            "Port (or range) of the Prometheus reporter; empty disables it.");
    public static final Setting<String> PROMETHEUS_HOST = Setting.text("metrics.prometheus.host", "127.0.0.1",
            "Address the Prometheus reporter binds to.");

    // Record formats (docs/formats.md), for files and Kafka alike
    public static final Setting<String> INPUT_FORMAT = Setting.choice("input.format", "csv",
            "Format of the transactions: csv (a header row, then rows; from Kafka the header is input.header), json "
                    + "(one object per line or Kafka record, the feature names and the reserved columns as keys, "
                    + "other keys ignored) or avro (binary records of the schema in avro.schema: one per Kafka "
                    + "record; in files each record is preceded by its length). With json or avro, label lines may "
                    + "also be JSON objects {id, label, ts, model}.", "csv", "json", "avro");
    public static final Setting<String> OUTPUT_FORMAT = Setting.choice("output.format", "json",
            "Format of the scored events, in files and on kafka.scored-topic: json (one object per line or record, "
                    + "the job's output since its first version), csv (rows id,key,model,ts,batch,p,decision,p_shadow,"
                    + "model_version,rule_flags,subtask; no header) or avro (binary records of the built-in schema "
                    + "ScoredEvent, see docs/formats.md; in files each record is preceded by its length).",
            "json", "csv", "avro");
    public static final Setting<String> AVRO_SCHEMA = Setting.text("avro.schema", "",
            "Avro schema file (.avsc) of the transactions, required with input.format: avro. A record whose "
                    + "fields include the model's features (int, long, float, double or a decimal string, "
                    + "optionally nullable) and optionally the reserved fields id, key, ts, batch, label, "
                    + "true_label, model; read when the job is built, so the job carries it.");

    // Kafka (inputs given as kafka:TOPIC, and the scored-event sink)
    public static final Setting<String> INPUT_HEADER = Setting.text("input.header", "",
            "CSV header of transactions read from Kafka (files carry their own); empty = the generator's "
                    + "columns (id,key,ts,batch,label, then the scenario features).");
    public static final Setting<String> KAFKA_BOOTSTRAP = Setting.text("kafka.bootstrap-servers", "",
            "Kafka brokers (host:port[,host:port]) for kafka:TOPIC inputs and kafka.scored-topic.");
    public static final Setting<String> KAFKA_GROUP = Setting.text("kafka.group-id", "selfheal",
            "Consumer group of the Kafka sources (positions live in Flink's checkpoints; the group only shows lag).");
    public static final Setting<String> KAFKA_START = Setting.choice("kafka.start", "earliest",
            "Where Kafka sources start when not restored from a savepoint: earliest, latest, or committed "
                    + "(the group's offsets, else earliest).", "earliest", "latest", "committed");
    public static final Setting<String> KAFKA_SCORED_TOPIC = Setting.text("kafka.scored-topic", "",
            "Topic for scored events, written exactly-once (Kafka transactions committed on checkpoints; "
                    + "read it with isolation.level=read_committed); empty = files under output.dir.");
    public static final Setting<String> KAFKA_LABEL_REQUEST_TOPIC = Setting.text("kafka.label-request-topic", "",
            "Topic for label requests (labels.budget > 0), written exactly-once; empty = label_requests/ under "
                    + "output.dir.");
    public static final Setting<String> KAFKA_TX_PREFIX = Setting.text("kafka.transactional-id-prefix",
            "selfheal-scored", "Prefix of the scored sink's Kafka transactional ids; unique per job on a cluster.");
    public static final Setting<Long> KAFKA_TX_TIMEOUT_MS = Setting.longValue("kafka.transaction-timeout-ms", 600_000,
            1_000, 3_600_000, "Kafka transaction timeout of the exactly-once sink: longer than a checkpoint plus a "
                    + "recovery, at most the broker's transaction.max.timeout.ms (15 min by default).");

    // Streaming and scoring
    public static final Setting<Integer> PARALLELISM = Setting.integer("parallelism", 2, 1, 1024,
            "Parallelism of PROFILE, SCORE and HEAL.");
    public static final Setting<Integer> SCORE_BATCH_SIZE = Setting.integer("score.batch-size", 256, 1, 65536,
            "Records per kernel call in SCORE; a micro-batch is flushed when full.");
    public static final Setting<Integer> SCORE_MAX_BATCH_SIZE = Setting.integer("score.max-batch-size", 4096, 1,
            65536, "With many models on a scorer the micro-batch grows from score.batch-size to about four rows per "
                    + "distinct adapter in it, at most this many, so each adapter's weights are loaded once per "
                    + "several rows; at or below score.batch-size, batches stay fixed. score.flush-ms still bounds "
                    + "a row's wait.");
    public static final Setting<Long> SCORE_FLUSH_MS = Setting.longValue("score.flush-ms", 5, 1, 60_000,
            "A partial micro-batch is flushed after this many ms, bounding scoring latency.");
    public static final Setting<String> SCORE_KERNEL = Setting.choice("score.kernel", "auto",
            "Engine of SCORE and of HEAL's evaluations (training is DJL's): vector (Java Vector API; needs the "
                    + "JVM flag --add-modules jdk.incubator.vector), djl (the reference), auto (vector when the JVM "
                    + "has the module, else djl). A model whose backbone is an imported TorchScript module that is not "
                    + "a Linear/ReLU chain is scored by djl whatever this says.",
            "auto", "vector", "djl");
    public static final Setting<String> SCORE_ROUTE_BY = Setting.choice("score.route-by", "account",
            "How transactions are spread over SCORE's subtasks: account (the key column; even for any number of "
                    + "models) or model (each subtask scores only its share of the models, so with many models "
                    + "their adapters stay in cache; uneven when few models carry most of the traffic).",
            "account", "model");
    public static final Setting<Double> SAMPLE_RATE = Setting.positive("sample.rate", 1.0, 1.0,
            "Share of transactions PROFILE forwards to HEAL (deterministic by id).");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch.size", 100, 1, 1_000_000,
            "Rows per heal batch when the input has no batch column.");
    public static final Setting<Long> CHECKPOINT_INTERVAL_MS = Setting.longValue("checkpoint.interval-ms", 2000, 100,
            3_600_000, "Checkpoint interval (RocksDB, incremental).");
    public static final Setting<String> CHECKPOINT_DIR = Setting.text("checkpoint.dir", "",
            "Where `run` keeps checkpoints (file:///... or s3://...); empty = the cluster's "
                    + "execution.checkpointing.dir when the job is submitted to a cluster that sets one, else "
                    + "OUTPUT_DIR/checkpoints.");

    // Drift detection
    public static final Setting<String> FIDI_FEATURE = Setting.text("fidi.feature", "",
            "Key feature for the FIDI z-score; empty = the model's key feature.");
    public static final Setting<Integer> FIDI_WINDOW = Setting.integer("fidi.window", 10, 1, 10_000,
            "Batches in the FIDI rolling mean.");
    public static final Setting<Integer> FIDI_WARMUP = Setting.integer("fidi.warmup", 3, 0, 10_000,
            "FIDI counts drift from this batch on.");
    public static final Setting<Double> FIDI_THRESHOLD = Setting.positive("fidi.threshold", 1.0, 1000,
            "Drifting when the FIDI z-score exceeds this.");
    public static final Setting<Double> CONFLICT_PROB = Setting.number("conflict.prob", 0.30, 0, 1,
            "A conflict is a row the model scores below this while a rule says fraud.");
    public static final Setting<Integer> CONFLICT_MIN = Setting.integer("conflict.min", 5, 0, 1_000_000,
            "Heal when at least this many conflicts are in a batch (or when drifting).");

    // Healing
    public static final Setting<Integer> HEAL_STEPS = Setting.integer("heal.steps", 5, 1, 10_000,
            "Adam steps per heal, on the adapter only.");
    public static final Setting<Integer> HEAL_THREAD_PRIORITY = Setting.integer("heal.thread-priority", 5, 1, 10,
            "Opt-in: Java priority of HEAL's task thread, so a heal does not wait behind the scorers for a core "
                    + "under full load; 5 (the default) leaves the thread as Flink made it. The OS sees it only "
                    + "when the TaskManager JVM runs with -XX:ThreadPriorityPolicy=1 (Linux: priority p is nice 5-p; "
                    + "above 5 also needs root or CAP_SYS_NICE). HEAL logs and exports (heal_thread_nice) what it got.");
    public static final Setting<Double> HEAL_LR = Setting.positive("heal.lr", 0.003, 10,
            "Adam learning rate of a heal (optimizer state is kept across heals).");
    public static final Setting<Double> HEAL_ALPHA = Setting.number("heal.alpha", 0.70, 0, 1,
            "Weight of the labelled BCE term; (1-alpha)*lambda weighs the rule term.");
    public static final Setting<Double> HEAL_LAMBDA = Setting.number("heal.lambda", 0.80, 0, 100,
            "Weight of the rule (weak supervision) term inside (1-alpha).");
    public static final Setting<Double> HEAL_ENTROPY = Setting.number("heal.entropy", 0.03, 0, 100,
            "Weight of the entropy term.");
    public static final Setting<Integer> HEAL_COOLDOWN = Setting.integer("heal.cooldown", 0, 0, 1_000_000,
            "Batches to wait after a heal before the next one.");
    public static final Setting<String> HEAL_APPROVAL = Setting.choice("heal.approval", "auto",
            "auto: accepted candidates are served at once; manual: they wait for an approve command.",
            "auto", "manual");

    // Profile and our remedies (each defaults to the profile's choice unless set explicitly)
    public static final Setting<String> PROFILE = Setting.choice("profile", "selfheal",
            "selfheal: our default remedies on; reference: the published reference method alone (for comparison).",
            "selfheal", "reference");
    public static final Setting<Boolean> RECALIBRATE = Setting.flag("recalibrate.enabled", true,
            "Undo a moved feature at the input from its recent mean and spread (no labels needed).");
    public static final Setting<Integer> RECALIBRATE_WINDOW = Setting.integer("recalibrate.window", 3, 1, 1000,
            "Recent batches whose moments define the feature's current distribution.");
    public static final Setting<Double> RECALIBRATE_MIN_SHIFT = Setting.number("recalibrate.min-shift", 0.5, 0, 100,
            "Recalibrate a feature whose mean moved at least this many training standard deviations ...");
    public static final Setting<Double> RECALIBRATE_MAX_STD_RATIO = Setting.number("recalibrate.max-std-ratio", 1.5,
            1, 100, "... or whose spread changed by more than this factor.");
    public static final Setting<Boolean> PLATT = Setting.flag("platt.enabled", true,
            "Re-fit the output probabilities (Platt scaling) on recent labelled rows.");
    public static final Setting<Integer> PLATT_POOL = Setting.integer("platt.pool", 300, 30, 1_000_000,
            "Most recent labelled training rows the Platt fit uses.");
    public static final Setting<Boolean> RULES_ON_CALIBRATED = Setting.flag("rules.on-calibrated", true,
            "Evaluate domain rules on recalibrated features.");
    public static final Setting<Boolean> LABEL_GATE = Setting.flag("labels.gate", true,
            "Do not learn from a batch whose labels disagree with a healthy model far more than usual.");
    public static final Setting<Double> LABEL_GATE_MARGIN = Setting.number("labels.gate-margin", 0.2, 0, 1,
            "How far above the usual disagreement rate a batch's labels are suspect.");
    public static final Setting<Boolean> HEAL_ADAPTER = Setting.flag("heal.adapter", true,
            "Run the gradient heal on the adapter (the reference's only remedy).");
    public static final Setting<Boolean> INPUT_PATH = Setting.flag("input-path.enabled", true,
            "Learn a changed fraud pattern from labels: re-fit the output map with the adapter's input path "
                    + "when labels contradict the served model (the reference profile has it off).");
    public static final Setting<Integer> INPUT_PATH_WINDOW = Setting.integer("input-path.window", 1000, 10, 1_000_000,
            "Most recent labelled training rows the input-path fit uses.");
    public static final Setting<Integer> INPUT_PATH_MIN_ROWS = Setting.integer("input-path.min-rows", 50, 1, 1_000_000,
            "Newly labelled rows since the last attempt, and rows in the window, before the input path is fitted.");
    public static final Setting<Double> INPUT_PATH_LAMBDA = Setting.number("input-path.lambda", 1.0, 1e-6, 1e6,
            "Pull of the input-path fit toward the served model's own answer, in rows' worth of log loss.");
    public static final Setting<Boolean> INPUT_PATH_SQUARES = Setting.flag("input-path.squares", true,
            "Give the input path a square term per feature as well as a linear one.");
    public static final Setting<Double> INPUT_PATH_SIGNIFICANCE = Setting.number("input-path.significance", 1e-6,
            1e-300, 0.49, "Level of the likelihood-ratio tests a first input path must pass on its training rows: "
                    + "all inputs at once against the served model, or one input at a time (divided by the inputs "
                    + "it was picked from). Small, because the tests repeat as labels arrive.");
    public static final Setting<Integer> INPUT_PATH_FOLDS = Setting.integer("input-path.folds", 5, 1, 20,
            "Folds of the cross-validation that picks the input path's shape (every input or the selected few, "
                    + "output map free or increasing); 1 = always every input with the map free.");
    public static final Setting<Double> INPUT_PATH_ACCEPT_Z = Setting.number("input-path.accept-z", 0.0, 0, 1000,
            "Standard errors by which a fit must improve the held-back log loss (paired by row) to be served.");
    public static final Setting<Boolean> SIGNALS = Setting.flag("signals.enabled", true,
            "Label-free concept signals: each hidden unit's divergence from training and the output entropy, per "
                    + "heal batch, from the model directory's signal reference; an alarm raises an alert, moves the "
                    + "state to DRIFTING and spends the label budget, never changes the served adapter (the "
                    + "reference profile has it off).");
    public static final Setting<Integer> SIGNALS_WINDOW = Setting.integer("signals.window", 3, 1, 1000,
            "Heal batches pooled into one reading of the label-free signals.");
    public static final Setting<Double> SIGNALS_FALSE_ALARM_RATE = Setting.number("signals.false-alarm-rate", 0.005,
            1e-12, 0.5, "Chance at most that a reading of undrifted data alarms (split over the hidden units and "
                    + "the entropy, Bonferroni).");
    public static final Setting<Integer> SIGNALS_MIN_ROWS = Setting.integer("signals.min-rows", 50, 1, 1_000_000,
            "Rows a reading of the label-free signals needs before it may alarm.");
    public static final Setting<Boolean> REPAIR = Setting.flag("repair.enabled", true,
            "Lineage repair: when a rollback is due, first try a partial step from the served adapter toward its "
                    + "nearest healthy ancestor, validated like any candidate (the reference profile has it off).");
    public static final Setting<String> REPAIR_STEPS = Setting.text("repair.steps", "0.25,0.5,0.75",
            "Step sizes (each in (0,1)) lineage repair tries toward the ancestor; the full step is the rollback.");
    public static final Setting<Integer> REPAIR_ANCESTORS = Setting.integer("repair.ancestors", 8, 1, 1000,
            "Nearest distinct ancestors of the served adapter lineage repair scores to find the healthiest.");
    public static final Setting<Integer> HEAL_MIN_LABELLED = Setting.integer("heal.min-labelled", 20, 0, 1_000_000,
            "Labelled rows a supervised heal needs (0 = the reference: heal on rules and entropy alone).");
    public static final Setting<String> VALIDATE_METRIC = Setting.choice("validate.metric", "accuracy",
            "What a candidate must not lose on held-back rows: accuracy (expected cost), or accuracy and F1.",
            "accuracy", "accuracy+f1");
    public static final Setting<Integer> HEALTH_MIN_ROWS = Setting.integer("health.min-rows", 20, 0, 1_000_000,
            "Labelled rows one health-window entry needs (small batches are pooled); 0 = every batch alone.");
    public static final Setting<Boolean> RESCORE_TARGETS = Setting.flag("rollback.rescore-targets", true,
            "Before a rollback, re-score candidate targets on recent held-back rows; roll back only to a better one.");
    public static final Setting<Double> RESCORE_LEVEL = Setting.number("rollback.rescore-level", 1.0, 1e-9, 1,
            "How sure \"better\" must be: a sign test on the held-back rows where target and served adapter "
                    + "disagree must reach this level (1 = any difference will do).");
    public static final Setting<Double> COST_FP = Setting.positive("decision.cost-fp", 1, 1e9,
            "Cost of a false alarm; the decision threshold is cost-fp / (cost-fp + cost-fn).");
    public static final Setting<Double> COST_FN = Setting.positive("decision.cost-fn", 1, 1e9,
            "Cost of a missed fraud.");

    // Validation of candidates
    public static final Setting<Double> VALIDATE_HOLDBACK = Setting.number("validate.holdback", 0.2, 0, 0.9,
            "Share of labelled rows held back from training to judge candidates on (deterministic by id).");
    public static final Setting<Integer> VALIDATE_POOL = Setting.integer("validate.pool", 200, 1, 1_000_000,
            "Most recent held-back rows kept for validation.");
    public static final Setting<Integer> VALIDATE_MIN_SAMPLES = Setting.integer("validate.min-samples", 20, 0,
            1_000_000, "Fewer held-back rows than this: the comparison is skipped (and says so).");
    public static final Setting<Double> VALIDATE_TOLERANCE = Setting.number("validate.tolerance", 0.02, 0, 1,
            "A candidate worse than the current adapter by more than this (accuracy or F1) is rejected.");
    public static final Setting<Double> VALIDATE_MAX_NORM = Setting.positive("validate.max-norm", 1000, 1e12,
            "Largest allowed L2 norm of an adapter.");
    public static final Setting<Double> VALIDATE_MAX_LOSS_INCREASE = Setting.number("validate.max-loss-increase", 0.5,
            0, 1e9, "A heal whose loss on its own batch rises by more than this is rejected.");

    // Health and rollback
    public static final Setting<Integer> HEALTH_WINDOW = Setting.integer("health.window", 5, 1, 10_000,
            "Batches in the health window.");
    public static final Setting<Double> ROLLBACK_F1_DROP = Setting.number("rollback.f1-drop", 0.08, 0, 1,
            "Roll back when mean F1 over the health window falls this far below the baseline.");
    public static final Setting<Double> ROLLBACK_ACC_DROP = Setting.number("rollback.acc-drop", 0.10, 0, 1,
            "... or mean accuracy this far.");
    public static final Setting<Integer> REGISTRY_MAX_SNAPSHOTS = Setting.integer("registry.max-snapshots", 64, 3,
            100_000, "Snapshots kept; the current, shadow and best post-heal versions are never evicted.");
    public static final Setting<Long> SHADOW_VERSION = Setting.longValue("shadow.version", 1, 1, Long.MAX_VALUE,
            "Adapter version the shadow scorer runs.");
    public static final Setting<Integer> PENDING_MAX = Setting.integer("labels.pending-max", 100_000, 1, 100_000_000,
            "Most samples kept waiting for their label; the oldest are dropped (and counted) beyond it.");
    public static final Setting<Long> LABELS_UNMATCHED_TTL_MINUTES = Setting.longValue("labels.unmatched-ttl-minutes",
            1440, 1, 525_600, "A label whose transaction never arrives is dropped after this long (processing time), as a dead letter "
                    + "'unmatched_label'; swept by a timer per model, so also when no batch closes.");
    public static final Setting<Double> LABELS_BUDGET = Setting.number("labels.budget", 0, 0, 1,
            "Label requests: the share of the rows HEAL scores (all rows at sample.rate 1) it may ask labels for, "
                    + "per model over labels.budget-window; requests go to label_requests/ under output.dir or "
                    + "kafka.label-request-topic, and are audit events. 0 = no requests.");
    public static final Setting<String> LABELS_STRATEGY = Setting.choice("labels.strategy", "mix",
            "Which rows to ask labels for: random; uncertainty (randomised variable-threshold: near the decision "
                    + "threshold, far rows keep a small chance); disagreement (served vs shadow, deployed model and "
                    + "the served adapter's ancestors); novelty (far out on the features that drifted); mix (a "
                    + "quarter random, up to a quarter each novelty and disagreement, the rest uncertainty).",
            "mix", "random", "uncertainty", "disagreement", "novelty");
    public static final Setting<Integer> LABELS_BUDGET_WINDOW = Setting.integer("labels.budget-window", 10, 1,
            1_000_000, "The sliding window labels.budget holds over, in heal batches of batch.size rows: in any "
                    + "run of this many times batch.size scored rows, requests are at most labels.budget of them.");
    public static final Setting<Integer> PENDING_TTL_BATCHES = Setting.integer("labels.ttl-batches", 50, 1, 1_000_000,
            "A sample waits this many heal batches for its label, then expires.");

    public static final Setting<String> CONTROL_AUTH = Setting.choice("control.auth", "auto",
            "Control command authentication: hmac (HMAC-SHA256 + replay window; see SECURITY.md), none, or auto "
            + "(hmac when a secret is set, else none).", "auto", "hmac", "none");
    public static final Setting<String> CONTROL_SECRET_ENV = Setting.text("control.secret-env", "SELFHEAL_CONTROL_SECRET",
            "Environment variable holding the control HMAC secret (read where the job is built/submitted).");
    public static final Setting<String> CONTROL_SECRET = Setting.text("control.secret", "",
            "The control HMAC secret itself (prefer control.secret-env: config files get copied around).");
    public static final Setting<Long> CONTROL_WINDOW_SECONDS = Setting.longValue("control.window-seconds", 300, 1, 86_400,
            "A signed command's ts must be within this many seconds of the job's clock; its nonce is remembered as long.");

    // Evaluation (experiment, demo, zoo): what a team would do instead of healing, reported beside it
    public static final Setting<Integer> BASELINE_WINDOW = Setting.integer("baseline.window", 1000, 0, 10_000_000,
            "Most recent labelled stream rows the retrain and logistic baselines are fitted on; 0 = no baselines.");

    public static final List<Setting<?>> ALL = List.of(MODEL_DIR, INPUT_TRANSACTIONS, INPUT_RATE, INPUT_GENERATOR_MODELS, INPUT_LABELS,
            INPUT_MODELS, INPUT_CONTROL, OUTPUT_DIR, PROMETHEUS_PORT, PROMETHEUS_HOST, PARALLELISM, SCORE_BATCH_SIZE, SCORE_MAX_BATCH_SIZE, SCORE_FLUSH_MS, SCORE_KERNEL, SCORE_ROUTE_BY, SAMPLE_RATE,
            BATCH_SIZE, CHECKPOINT_INTERVAL_MS, CHECKPOINT_DIR, FIDI_FEATURE, FIDI_WINDOW, FIDI_WARMUP, FIDI_THRESHOLD, CONFLICT_PROB,
            CONFLICT_MIN, HEAL_STEPS, HEAL_THREAD_PRIORITY, HEAL_LR, HEAL_ALPHA, HEAL_LAMBDA, HEAL_ENTROPY, HEAL_COOLDOWN, HEAL_APPROVAL,
            PROFILE, RECALIBRATE, RECALIBRATE_WINDOW, RECALIBRATE_MIN_SHIFT, RECALIBRATE_MAX_STD_RATIO, PLATT,
            PLATT_POOL, RULES_ON_CALIBRATED, LABEL_GATE, LABEL_GATE_MARGIN, HEAL_ADAPTER, HEAL_MIN_LABELLED,
            INPUT_PATH, INPUT_PATH_WINDOW, INPUT_PATH_MIN_ROWS, INPUT_PATH_LAMBDA, INPUT_PATH_SQUARES,
            INPUT_PATH_SIGNIFICANCE, INPUT_PATH_ACCEPT_Z, INPUT_PATH_FOLDS, SIGNALS, SIGNALS_WINDOW,
            SIGNALS_FALSE_ALARM_RATE, SIGNALS_MIN_ROWS, REPAIR, REPAIR_STEPS, REPAIR_ANCESTORS, VALIDATE_METRIC,
            HEALTH_MIN_ROWS, RESCORE_TARGETS, RESCORE_LEVEL, COST_FP, COST_FN, VALIDATE_HOLDBACK, VALIDATE_POOL, VALIDATE_MIN_SAMPLES, VALIDATE_TOLERANCE, VALIDATE_MAX_NORM,
            VALIDATE_MAX_LOSS_INCREASE, HEALTH_WINDOW, ROLLBACK_F1_DROP, ROLLBACK_ACC_DROP, REGISTRY_MAX_SNAPSHOTS,
            SHADOW_VERSION, PENDING_MAX, PENDING_TTL_BATCHES, LABELS_UNMATCHED_TTL_MINUTES, LABELS_BUDGET, LABELS_STRATEGY,
            LABELS_BUDGET_WINDOW, INPUT_FORMAT, OUTPUT_FORMAT, AVRO_SCHEMA, INPUT_HEADER, KAFKA_BOOTSTRAP,
            KAFKA_GROUP, KAFKA_START, KAFKA_SCORED_TOPIC, KAFKA_LABEL_REQUEST_TOPIC, KAFKA_TX_PREFIX, KAFKA_TX_TIMEOUT_MS,
            CONTROL_AUTH, CONTROL_SECRET_ENV, CONTROL_SECRET, CONTROL_WINDOW_SECONDS,
            BASELINE_WINDOW);

    public static Map<String, Setting<?>> byKey() {
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        for (Setting<?> s : ALL) {
            m.put(s.key(), s);
        }
        return m;
    }
}
