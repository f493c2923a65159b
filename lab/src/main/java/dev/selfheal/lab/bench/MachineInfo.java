package dev.selfheal.lab.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.job.event.Json;
import dev.selfheal.model.ScoringKernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a benchmark ran on: figures are only comparable with this beside them. */
final class MachineInfo {
    private MachineInfo() {}

    static ObjectNode describe() {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        List<String> cpu = lines("/proc/cpuinfo");
        m.put("cpu_model", field(cpu, "model name"));
        String flags = field(cpu, "flags");
        m.put("avx2", flags.contains(" avx2"));
        m.put("avx512f", flags.contains(" avx512f"));
        String mem = field(lines("/proc/meminfo"), "MemTotal");
        m.put("memory_mb", mem.isEmpty() ? -1 : Long.parseLong(mem.replaceAll("[^0-9]", "")) / 1024);
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("vector_api", ScoringKernels.vectorAvailable());
        m.put("load_average_at_start", loadAverage());
        return m;
    }

    static double loadAverage() {
        List<String> l = lines("/proc/loadavg");
        return l.isEmpty() ? -1 : Double.parseDouble(l.get(0).split(" ")[0]);
    }

    private static String field(List<String> lines, String name) {
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equals(name)) {
                return l.substring(colon + 1).trim();
            }
        }
        return "";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
