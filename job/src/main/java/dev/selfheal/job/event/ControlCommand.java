package dev.selfheal.job.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed control command (the control contract, docs/operations.md): rollback, freeze, resume, approve, reject, thresholds.
 * Malformed input becomes a command with {@link #error} set, so it is refused and audited rather
 * than dropped.
 */
public class ControlCommand {
    public static final Set<String> COMMANDS = Set.of("rollback", "freeze", "resume", "approve", "reject", "thresholds");
    private static final int MAX_LINE = 64 * 1024;
    private static final Set<String> AUTH_FIELDS = Set.of("ts", "nonce", "sig");
    /** One command per line: text after the JSON object makes the line malformed, not ignored. */
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public String cmd;
    /** Null = every model. */
    public String model;
    public long version;
    /** thresholds: key → value (as JSON text). */
    public String paramsJson;
    public String raw;
    public String error;
    public long receivedAtMs;

    public ControlCommand() {}

    public static ControlCommand parse(String line, long nowMs) {
        ControlCommand c = new ControlCommand();
        c.receivedAtMs = nowMs;
        c.raw = line == null ? "" : (line.length() > 4096 ? line.substring(0, 4096) + "…" : line);
        if (line == null || line.isBlank()) {
            c.error = "empty command";
            return c;
        }
        if (line.length() > MAX_LINE) {
            c.error = "command longer than " + MAX_LINE + " characters";
            return c;
        }
        JsonNode n;
        try {
            n = READER.readTree(line);
        } catch (Exception e) {
            c.error = "malformed JSON";
            return c;
        }
        if (n == null || !n.isObject()) {
            c.error = "a command must be a JSON object";
            return c;
        }
        c.cmd = n.path("cmd").asText(null);
        if (c.cmd == null || !COMMANDS.contains(c.cmd)) {
            c.error = "unknown command '" + c.cmd + "'; expected one of " + COMMANDS;
            return c;
        }
        c.model = n.hasNonNull("model") ? n.get("model").asText() : null;
        if (c.cmd.equals("rollback") || c.cmd.equals("approve") || c.cmd.equals("reject")) {
            JsonNode v = n.get("version");
            // isIntegralNumber: 1.5 must be refused, not truncated to version 1.
            if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1) {
                c.error = c.cmd + " needs a positive integer 'version'";
                return c;
            }
            c.version = v.asLong();
            if (c.model == null) {
                c.model = dev.selfheal.data.Transaction.DEFAULT_MODEL; // version numbers belong to one model
            }
        }
        if (c.cmd.equals("thresholds")) {
            Map<String, Object> params = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                // ts/nonce/sig authenticate the command (ParseControl); they are not thresholds.
                if (!e.getKey().equals("cmd") && !e.getKey().equals("model") && !AUTH_FIELDS.contains(e.getKey())) {
                    params.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
                }
            }
            c.paramsJson = Json.write(params);
        }
        return c;
    }

    public boolean appliesTo(String modelId) {
        return model == null || model.equals(modelId);
    }
}
