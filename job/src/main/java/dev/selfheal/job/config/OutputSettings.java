package dev.selfheal.job.config;

/**
 * Where scored events, metrics, audit events and dead letters go, and the scored events' record
 * format. Keys {@code output.*}.
 */
public final class OutputSettings {
    private OutputSettings() {}

    public static final Setting<String> DIR = Setting.text("output.dir", "",
            "Directory for scored events, metrics, audit events and dead letters (exactly-once file sinks).");
    public static final Setting<String> FORMAT = Setting.choice("output.format", "json",
            "Format of the scored events, in files and on kafka.scored-topic: json (one object per line or record, "
                    + "the job's output since its first version), csv (rows id,key,model,ts,batch,p,decision,p_shadow,"
                    + "model_version,rule_flags,subtask; no header) or avro (binary records of the built-in schema "
                    + "ScoredEvent, see docs/formats.md; in files each record is preceded by its length).",
            "json", "csv", "avro");
}
