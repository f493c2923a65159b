package dev.selfheal.job.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker for integration tests, started and stopped by the project's own
 * {@code deploy/local/kafka.sh} (as the bench's broker is), on free ports and in a directory of its
 * own under {@code target/}, so it never meets a broker someone else runs on the machine. Its jars
 * are copied from the local Maven repository once per build directory ({@code mvn -o}).
 */
final class LocalBroker implements AutoCloseable {
    private final Path script;
    private final Map<String, String> env;
    private final String bootstrap;

    private LocalBroker(Path script, Map<String, String> env, String bootstrap) {
        this.script = script;
        this.env = env;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts a fresh broker (its data from an earlier start removed), or throws with the script's
     * last words when it cannot.
     */
    static LocalBroker start(Path dir) throws IOException, InterruptedException {
        Path script = script();
        deleteTree(dir.resolve("data"));
        int port = freePort();
        int controller = freePort();
        Map<String, String> env = Map.of("SELFHEAL_KAFKA_DIR", dir.toAbsolutePath().toString(),
                "KAFKA_PORT", Integer.toString(port), "KAFKA_CONTROLLER_PORT", Integer.toString(controller),
                "MVN_ARGS", "-o");
        LocalBroker broker = new LocalBroker(script, env, "127.0.0.1:" + port);
        String out = broker.run("start", 150);
        if (!out.contains("kafka ready on")) {
            broker.close();
            throw new IOException("deploy/local/kafka.sh start did not report a ready broker: " + lastLines(out));
        }
        return broker;
    }

    String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("stop", 60);
    }

    private String run(String command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        // Read while it runs: a full pipe would block the script.
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kafka.sh " + command + " did not finish within " + timeoutSeconds + " s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** deploy/local/kafka.sh of the checkout the tests run in (from a module's directory or the root). */
    private static Path script() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("deploy/local/kafka.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IOException("deploy/local/kafka.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String lastLines(String out) {
        String[] lines = out.strip().split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 5), lines.length));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var files = Files.walk(p)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
