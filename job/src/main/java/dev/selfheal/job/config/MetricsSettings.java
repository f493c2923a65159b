package dev.selfheal.job.config;

/**
 * The Prometheus reporter. Keys {@code metrics.*}.
 */
public final class MetricsSettings {
    private MetricsSettings() {}

    public static final Setting<String> PROMETHEUS_PORT = Setting.text("metrics.prometheus.port", "9249-9260",
            "Port (or range) of the Prometheus reporter; empty disables it.");
    public static final Setting<String> PROMETHEUS_HOST = Setting.text("metrics.prometheus.host", "127.0.0.1",
            "Address the Prometheus reporter binds to.");
}
