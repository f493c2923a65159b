package dev.selfheal.healer;

/**
 * Which labelled rows are held back from training to judge candidates: a deterministic function of
 * the row id, so a replay after recovery makes the same split.
 */
public final class HoldBack {
    private HoldBack() {}

    public static boolean isHeldBack(String id, double share) {
        if (share <= 0 || id == null) {
            return false;
        }
        long h = id.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        double u = (h >>> 11) * 0x1.0p-53;
        return u < share;
    }
}
