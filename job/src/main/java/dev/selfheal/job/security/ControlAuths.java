package dev.selfheal.job.security;

import dev.selfheal.job.config.JobConfig;
import dev.selfheal.job.config.Settings;

import java.util.Map;

/** Builds the {@link ControlAuth} the configuration asks for; a contradiction fails before the job starts. */
public final class ControlAuths {
    private ControlAuths() {}

    public static ControlAuth from(JobConfig config, Map<String, String> env) {
        String mode = config.get(Settings.CONTROL_AUTH);
        String secret = config.get(Settings.CONTROL_SECRET);
        String envName = config.get(Settings.CONTROL_SECRET_ENV);
        if ((secret == null || secret.isEmpty()) && envName != null && !envName.isEmpty()) {
            secret = env.get(envName);
        }
        boolean haveSecret = secret != null && !secret.isEmpty();
        long windowMs = config.get(Settings.CONTROL_WINDOW_SECONDS) * 1000L;
        return switch (mode) {
            case "none" -> ControlAuth.none();
            case "hmac" -> ControlAuth.hmac(secret, windowMs);
            default -> haveSecret ? ControlAuth.hmac(secret, windowMs) : ControlAuth.none();
        };
    }
}
