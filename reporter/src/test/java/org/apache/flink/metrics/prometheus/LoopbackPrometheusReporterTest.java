package org.apache.flink.metrics.prometheus;

import org.apache.flink.metrics.MetricConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class LoopbackPrometheusReporterTest {

    @Test
    void listensOnLoopbackOnlyAndSkipsTakenPorts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int first = taken.getLocalPort();
            Properties p = new Properties();
            p.setProperty("port", first + "-" + (first + 20));
            LoopbackPrometheusReporter r = (LoopbackPrometheusReporter)
                    new LoopbackPrometheusReporterFactory().createMetricReporter(p);
            try {
                r.open(new MetricConfig());
                assertThat(r.port()).isGreaterThan(first);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), r.port()), 2000);
                    assertThat(s.isConnected()).isTrue();
                }
                // The listening socket's own address must be 127.0.0.1, not the wildcard.
                assertThat(boundToLoopback(r.port())).isTrue();
            } finally {
                r.close();
            }
        }
    }

    @Test
    void refusesAnEmptyHost() {
        Properties p = new Properties();
        p.setProperty("host", " ");
        assertThatThrownBy(() -> new LoopbackPrometheusReporterFactory().createMetricReporter(p))
                .hasMessageContaining("empty host");
    }

    /**
     * Whether the socket listening on this port is bound to 127.0.0.1, from the kernel's tables (Java
     * binds IPv4 addresses as IPv4-mapped IPv6 sockets, which are listed in tcp6).
     */
    private static boolean boundToLoopback(int port) {
        String want = String.format(":%04X", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> lines;
            try {
                lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String l : lines) {
                String[] f = l.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(want) && f[3].equals("0A")) {
                    String address = f[1].substring(0, f[1].indexOf(':'));
                    return address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F");
                }
            }
        }
        return false;
    }
}
