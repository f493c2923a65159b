package dev.selfheal.job.config;

/**
 * The unprefixed {@code profile} key: which {@link Profile} supplies the defaults of the keys
 * it names (a key set explicitly still wins).
 */
public final class ProfileSettings {
    private ProfileSettings() {}

    public static final Setting<String> PROFILE = Setting.choice("profile", Profile.SELFHEAL.id(),
            "selfheal: our default remedies on; reference: the published reference method alone (for comparison).",
            Profile.ids());
}
