package org.apache.flink.metrics.prometheus;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

import java.util.Properties;

/**
 * {@code metrics.reporter.prom.factory.class:
 * org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory}, with {@code .host}
 * (default 127.0.0.1) and {@code .port} (a port or range, default 9249).
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
    static final String HOST = "host";
    static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty(HOST, "127.0.0.1").trim();
        String ports = properties.getProperty(PORT, "9249").trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("Prometheus reporter: empty host");
        }
        return new LoopbackPrometheusReporter(host, new PortRange(ports));
    }
}
