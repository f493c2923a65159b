package dev.selfheal.job.config;

/**
 * The unprefixed {@code profile} key: which set of remedies is on by default (a key set explicitly
 * still wins).
 */
public final class ProfileSettings {
    private ProfileSettings() {}

    public static final Setting<String> PROFILE = Setting.choice("profile", "selfheal",
            "selfheal: our default remedies on; reference: the published reference method alone (for comparison).",
            "selfheal", "reference");
}
