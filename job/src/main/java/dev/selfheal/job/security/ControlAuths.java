package dev.selfheal.job.security;

import dev.selfheal.job.config.ControlSettings;
import dev.selfheal.job.config.JobConfig;

import java.util.Map;

/** Builds the {@link ControlAuth} the configuration asks for; a contradiction fails before the job starts. */
public final class ControlAuths {
    private ControlAuths() {}

    public static ControlAuth from(JobConfig config, Map<String, String> env) {
        String mode = config.get(ControlSettings.AUTH);
        String secret = config.get(ControlSettings.SECRET);
        String envName = config.get(ControlSettings.SECRET_ENV);
        if ((secret == null || secret.isEmpty()) && envName != null && !envName.isEmpty()) {
            secret = env.get(envName);
        }
        boolean haveSecret = secret != null && !secret.isEmpty();
        long windowMs = config.get(ControlSettings.WINDOW_SECONDS) * 1000L;
        return switch (mode) {
            case "none" -> ControlAuth.none();
            case "hmac" -> ControlAuth.hmac(secret, windowMs);
            default -> haveSecret ? ControlAuth.hmac(secret, windowMs) : ControlAuth.none();
        };
    }
}
