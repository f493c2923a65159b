package dev.selfheal.job.config;

/**
 * The adapter registry and the version the shadow scorer runs. Keys {@code registry.*} and
 * {@code shadow.*}.
 */
public final class RegistrySettings {
    private RegistrySettings() {}

    public static final Setting<Integer> MAX_SNAPSHOTS = Setting.integer("registry.max-snapshots", 64, 3,
            100_000, "Snapshots kept; the current, shadow and best post-heal versions are never evicted.");
    public static final Setting<Long> SHADOW_VERSION = Setting.longValue("shadow.version", 1, 1, Long.MAX_VALUE,
            "Adapter version the shadow scorer runs.");
}
