package dev.selfheal.lab.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hottest methods of a JFR recording's execution samples: by self time (the top frame) and, for
 * selfheal's own methods, including what they call. What {@code jfr print --events jdk.ExecutionSample}
 * shows, counted.
 */
final class JfrTopFrames {
    private JfrTopFrames() {}

    record Top(long samples, List<Map.Entry<String, Long>> self, List<Map.Entry<String, Long>> ownInclusive) {}

    static Top read(Path recording, int n) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(st.getFrames().get(0)), 1L, Long::sum);
            Set<String> once = new HashSet<>();
            for (RecordedFrame f : st.getFrames()) {
                String m = name(f);
                if (m.startsWith("dev.selfheal.") && once.add(m)) {
                    inclusive.merge(m, 1L, Long::sum);
                }
            }
        }
        return new Top(samples, top(self, n), top(inclusive, n));
    }

    static void print(Path recording, int n, PrintStream log) throws IOException {
        Top t = read(recording, n);
        log.printf("  JFR execution samples: %,d; top frames (self):%n", t.samples());
        t.self().forEach(e -> log.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / t.samples(), e.getKey()));
        log.println("  selfheal methods, including their callees:");
        t.ownInclusive().forEach(e -> log.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / t.samples(), e.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
