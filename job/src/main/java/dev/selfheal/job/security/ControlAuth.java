package dev.selfheal.job.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Authentication of control commands (SECURITY.md). A signed command is the ordinary JSON command
 * plus three fields: {@code ts} (epoch milliseconds when it was signed), {@code nonce} (8 to 128
 * characters of [A-Za-z0-9_-]) and {@code sig}, the lower-case hex HMAC-SHA256, keyed with the
 * shared secret's UTF-8 bytes, of the <em>canonical form</em>: the command object without
 * {@code sig}, keys sorted at every depth, no whitespace, as Jackson writes it ({@code jq -cS
 * 'del(.sig)'} gives the same bytes for integer and plain decimal values). Signing a canonical form
 * rather than the raw line lets any JSON tool produce a command without caring about key order or
 * spacing; the fields are inside the signed bytes, so ts and nonce cannot be altered either.
 *
 * <p>Stateless: the replay half (nonce not seen within the window) is {@link NonceWindow}, which
 * lives in checkpointed operator state.
 */
public final class ControlAuth implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String TS = "ts";
    public static final String NONCE = "nonce";
    public static final String SIG = "sig";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** Null = authentication off (no secret configured: the unsigned control contract). */
    private final byte[] secret;
    private final long windowMs;

    private ControlAuth(byte[] secret, long windowMs) {
        this.secret = secret;
        this.windowMs = windowMs;
    }

    public static ControlAuth none() {
        return new ControlAuth(null, 0);
    }

    public static ControlAuth hmac(String secret, long windowMs) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("control.auth is hmac but no secret is set (control.secret or the "
                    + "environment variable named by control.secret-env)");
        }
        if (secret.length() < 16) {
            // A short shared secret can be brute-forced offline from a single signed command in the audit log.
            throw new IllegalArgumentException("the control secret must be at least 16 characters");
        }
        return new ControlAuth(secret.getBytes(StandardCharsets.UTF_8), windowMs);
    }

    public boolean enabled() {
        return secret != null;
    }

    public long windowMs() {
        return windowMs;
    }

    /**
     * Checks the signature and the timestamp (not the nonce). Returns null when the command may go on
     * to the replay check, else the reason it is refused.
     */
    public String verify(JsonNode n, long nowMs) {
        if (!enabled()) {
            return null;
        }
        if (n == null || !n.isObject()) {
            return "unauthenticated: not a JSON object";
        }
        JsonNode sig = n.get(SIG);
        if (sig == null || !sig.isTextual()) {
            return "unauthenticated: no 'sig' (control.auth is hmac)";
        }
        JsonNode ts = n.get(TS);
        if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
            return "unauthenticated: 'ts' (epoch ms) missing or not an integer";
        }
        JsonNode nonce = n.get(NONCE);
        if (nonce == null || !nonce.isTextual() || !nonce.asText().matches("[A-Za-z0-9_-]{8,128}")) {
            return "unauthenticated: 'nonce' missing or not 8-128 characters of [A-Za-z0-9_-]";
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(sig.asText());
        } catch (IllegalArgumentException e) {
            return "unauthenticated: 'sig' is not hex";
        }
        // Constant-time comparison: a byte-by-byte early exit would leak how much of a forgery matched.
        if (!MessageDigest.isEqual(given, mac(canonical(n)))) {
            return "unauthenticated: bad signature";
        }
        long age = nowMs - ts.asLong();
        if (Math.abs(age) > windowMs) {
            return "replay: 'ts' is " + age + " ms from now, outside the " + windowMs + " ms window";
        }
        return null;
    }

    /** Adds ts, a random nonce and sig to a command (the {@code sign} subcommand). */
    public String sign(JsonNode command, long nowMs) {
        if (!enabled()) {
            throw new IllegalStateException("no secret");
        }
        if (command == null || !command.isObject()) {
            throw new IllegalArgumentException("a command must be a JSON object");
        }
        ObjectNode o = ((ObjectNode) command).deepCopy();
        o.remove(SIG);
        if (!o.has(TS)) {
            o.put(TS, nowMs);
        }
        if (!o.has(NONCE)) {
            byte[] r = new byte[16];
            new SecureRandom().nextBytes(r);
            o.put(NONCE, HexFormat.of().formatHex(r));
        }
        o.put(SIG, HexFormat.of().formatHex(mac(canonical(o))));
        return o.toString();
    }

    /** The signed bytes: the object without sig, keys sorted at every depth, compact. */
    public static byte[] canonical(JsonNode n) {
        try {
            ObjectNode o = ((ObjectNode) sortKeys(n)).deepCopy();
            o.remove(SIG);
            return CANONICAL.writeValueAsBytes(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sortKeys(JsonNode n) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (String k : names) {
                o.set(k, sortKeys(n.get(k)));
            }
            return o;
        }
        if (n.isArray()) {
            var a = JsonNodeFactory.instance.arrayNode();
            n.forEach(x -> a.add(sortKeys(x)));
            return a;
        }
        return n;
    }

    private byte[] mac(byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret, "HmacSHA256"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
