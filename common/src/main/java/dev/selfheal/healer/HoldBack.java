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
        return below(id.hashCode() * 0x9E3779B97F4A7C15L, share);
    }

    /**
     * The same kind of split for another purpose ({@code salt} tells the purposes apart), without
     * building a salted string per call: PROFILE asks this for every event.
     */
    public static boolean isHeldBack(long salt, String id, double share) {
        if (share <= 0 || id == null) {
            return false;
        }
        return below((id.hashCode() ^ salt) * 0x9E3779B97F4A7C15L + salt, share);
    }

    private static boolean below(long h, double share) {
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        double u = (h >>> 11) * 0x1.0p-53;
        return u < share;
    }
}
