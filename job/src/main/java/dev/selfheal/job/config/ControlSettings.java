package dev.selfheal.job.config;

/**
 * Authentication of control commands (SECURITY.md). Keys {@code control.*}.
 */
public final class ControlSettings {
    private ControlSettings() {}

    public static final Setting<String> AUTH = Setting.choice("control.auth", "auto",
            "Control command authentication: hmac (HMAC-SHA256 + replay window; see SECURITY.md), none, or auto "
            + "(hmac when a secret is set, else none).", "auto", "hmac", "none");
    public static final Setting<String> SECRET_ENV = Setting.text("control.secret-env", "SELFHEAL_CONTROL_SECRET",
            "Environment variable holding the control HMAC secret (read where the job is built/submitted).");
    public static final Setting<String> SECRET = Setting.text("control.secret", "",
            "The control HMAC secret itself (prefer control.secret-env: config files get copied around).");
    public static final Setting<Long> WINDOW_SECONDS = Setting.longValue("control.window-seconds", 300, 1, 86_400,
            "A signed command's ts must be within this many seconds of the job's clock; its nonce is remembered as long.");
}
