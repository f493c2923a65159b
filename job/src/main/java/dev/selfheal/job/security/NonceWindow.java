package dev.selfheal.job.security;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Nonces accepted within the replay window, so a captured signed command cannot be sent again while
 * its timestamp is still acceptable. Bounded twice: entries older than the window are forgotten
 * (ControlAuth refuses their timestamps anyway), and beyond {@code max} live entries new commands
 * are refused rather than old nonces forgotten early — failing closed keeps the replay guarantee.
 */
public final class NonceWindow {
    private final long windowMs;
    private final int max;
    private final Map<String, Long> seen = new HashMap<>();
    /** Insertion order = acceptance order; acceptance times only grow, so expiry pops from the head. */
    private final ArrayDeque<String> order = new ArrayDeque<>();

    public NonceWindow(long windowMs, int max) {
        this.windowMs = windowMs;
        this.max = max;
    }

    /** Returns null and remembers the nonce if it is new, else the reason to refuse. */
    public String admit(String nonce, long nowMs) {
        expire(nowMs);
        if (seen.containsKey(nonce)) {
            return "replay: nonce already used within the window";
        }
        if (seen.size() >= max) {
            return "refused: more than " + max + " commands within the replay window";
        }
        seen.put(nonce, nowMs);
        order.addLast(nonce);
        return null;
    }

    /** For restore: a nonce accepted at {@code acceptedMs}. */
    public void restore(String nonce, long acceptedMs) {
        if (seen.put(nonce, acceptedMs) == null) {
            order.addLast(nonce);
        }
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (String n : order) {
            m.put(n, seen.get(n));
        }
        return m;
    }

    public int size() {
        return seen.size();
    }

    private void expire(long nowMs) {
        // A nonce must outlive every timestamp the window still accepts: ts may be up to windowMs in the
        // future of acceptance and is accepted until windowMs after ts, hence twice the window.
        while (!order.isEmpty() && nowMs - seen.get(order.peekFirst()) > 2 * windowMs) {
            seen.remove(order.pollFirst());
        }
    }
}
