package dev.selfheal.job.io;

import dev.selfheal.data.RecordFormat;
import dev.selfheal.job.JobSinks;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Exactly-once file sinks: part files roll on checkpoints and become visible only when the
 * checkpoint that covers them completes, so a restart never leaves duplicates or half lines.
 */
public final class Sinks {
    public static final String SCORED = "scored";
    public static final String METRICS = "metrics";
    public static final String AUDIT = "events";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String ADAPTERS = "adapters";
    public static final String APPLIED = "applied";
    public static final String LABEL_REQUESTS = "label_requests";

    private Sinks() {}

    public static FileSink<String> lines(java.nio.file.Path dir, String suffix) {
        return FileSink.forRowFormat(new Path(dir.toUri()), new SimpleStringEncoder<String>("UTF-8"))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(suffix).build())
                .build();
    }

    public static JobSinks files(java.nio.file.Path root) {
        return files(root, RecordFormat.JSON);
    }

    /**
     * Scored events in {@code scoredFormat}, as bytes: JSON lines ({@code .jsonl}), CSV rows
     * ({@code .csv}) or length-prefixed Avro records ({@code .bin}, as {@link RecordFiles} reads them);
     * the other outputs keep their formats.
     */
    public static JobSinks files(java.nio.file.Path root, RecordFormat scoredFormat) {
        java.nio.file.Path scored = root.resolve(SCORED);
        FileSink<byte[]> scoredRecords = switch (scoredFormat) {
            case AVRO -> records(scored, ".bin");
            case CSV -> byteLines(scored, ".csv");
            case JSON -> byteLines(scored, ".jsonl");
        };
        return new JobSinks(null, lines(root.resolve(METRICS), ".csv"),
                lines(root.resolve(AUDIT), ".jsonl"), lines(root.resolve(DEAD_LETTERS), ".jsonl"),
                lines(root.resolve(ADAPTERS), ".jsonl"), lines(root.resolve(APPLIED), ".jsonl"),
                scoredRecords,
                lines(root.resolve(LABEL_REQUESTS), ".jsonl"), null);
    }

    /** Byte records that are lines already (UTF-8 JSON or CSV), each followed by a newline. */
    public static FileSink<byte[]> byteLines(java.nio.file.Path dir, String suffix) {
        return FileSink.forRowFormat(new Path(dir.toUri()), new RecordFiles.LineEncoder())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(suffix).build())
                .build();
    }

    /** Byte records, each preceded by its length (Avro's encoding of a bytes value). */
    public static FileSink<byte[]> records(java.nio.file.Path dir, String suffix) {
        return FileSink.forRowFormat(new Path(dir.toUri()), new RecordFiles.FramedEncoder())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(suffix).build())
                .build();
    }

    /** The committed part files of one sink directory, in the order {@link #readCommitted} reads them. */
    public static List<java.nio.file.Path> committedFiles(java.nio.file.Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(Sinks::partOrder)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The committed lines of one sink directory, file by file in name order (hidden in-progress and
     * pending files are not committed output and are skipped).
     */
    public static List<String> readCommitted(java.nio.file.Path dir) {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            List<java.nio.file.Path> parts = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(Sinks::partOrder)).toList();
            for (java.nio.file.Path p : parts) {
                for (String l : Files.readAllLines(p)) {
                    if (!l.isEmpty()) {
                        lines.add(l);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** part-UUID-SUBTASK-COUNTER.suffix: order by subtask, then counter numerically. */
    private static String partOrder(java.nio.file.Path p) {
        String name = p.getFileName().toString();
        String[] bits = name.split("-");
        if (bits.length >= 3) {
            String counter = bits[bits.length - 1].replaceAll("\\D.*$", "");
            String subtask = bits[bits.length - 2];
            return String.format("%s-%08d-%012d", String.join("-", java.util.Arrays.copyOf(bits, bits.length - 2)),
                    parse(subtask), parse(counter));
        }
        return name;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
