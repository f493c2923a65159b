package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.util.PortRange;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;

/**
 * Flink's Prometheus reporter, listening on one address instead of every interface. It lives in
 * Flink's package because the collector registry it must serve is package-private in
 * {@link AbstractPrometheusReporter}; on a cluster both jars sit in the same plugin directory, so
 * they share one class loader and hence the package.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;
    private final int port;

    LoopbackPrometheusReporter(String host, PortRange ports) {
        Iterator<Integer> candidates = ports.getPortsIterator();
        HTTPServer bound = null;
        int boundPort = -1;
        // Like Flink's reporter: take the first free port of the range, so a JobManager and a
        // TaskManager on one machine get neighbouring ports.
        while (bound == null && candidates.hasNext()) {
            int p = candidates.next();
            try {
                bound = new HTTPServer(new InetSocketAddress(host, p), registry, true);
                boundPort = p;
            } catch (IOException e) {
                log.debug("Prometheus reporter: {}:{} is taken, trying the next port", host, p);
            }
        }
        if (bound == null) {
            throw new IllegalStateException("Prometheus reporter: no free port in " + ports + " on " + host);
        }
        server = bound;
        port = boundPort;
        log.info("Prometheus reporter listening on {}:{}", host, port);
    }

    /** The port taken from the range. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
