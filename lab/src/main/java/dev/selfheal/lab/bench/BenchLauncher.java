package dev.selfheal.lab.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmark in a child JVM with the flags its figures depend on, so that
 * {@code java -jar selfheal.jar bench ...} needs none: the Vector API module (which cannot be added
 * to a running JVM), a fixed, pre-touched heap, so that resident memory grows only if native
 * memory does (a heap growing towards -Xmx would otherwise read as a leak), and Java thread priorities
 * passed to the OS, as deploy/ starts TaskManagers, so that heal.thread-priority takes effect.
 */
final class BenchLauncher {
    static final String CHILD = "selfheal.bench.child";
    static final List<String> FLAGS = List.of("--add-modules", "jdk.incubator.vector", "-Xms3g", "-Xmx3g",
            "-XX:+AlwaysPreTouch", "-XX:ThreadPriorityPolicy=1", "-D" + CHILD + "=true");

    private BenchLauncher() {}

    static boolean inChild() {
        return Boolean.getBoolean(CHILD);
    }

    /** Runs {@code args} (the whole command line, "bench" first) in a child JVM; its exit code. */
    static int relaunch(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The parent's own flags first (system properties, a JFR recording, ...), ours win after them.
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(dev.selfheal.job.cli.Main.class.getName());
        cmd.addAll(args);
        System.out.println("bench: running in a child JVM with " + String.join(" ", FLAGS));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }
}
