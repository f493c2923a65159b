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

    /**
     * The committed part files of one sink directory, in the order they were written. Flink names a
     * part {@code part-<writer>-<counter><suffix>}; a writer restored after a failure takes a new
     * random name and counts from 0 again, so writers are ordered by their oldest file, and each
     * writer's parts by counter. Hidden in-progress and pending files are not committed output.
     */
    public static List<java.nio.file.Path> committedFiles(java.nio.file.Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Part> parts;
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            parts = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).map(Part::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Map<String, Long> writerStart = new java.util.HashMap<>();
        for (Part p : parts) {
            writerStart.merge(p.writer(), p.modified(), Math::min);
        }
        return parts.stream()
                .sorted(Comparator.<Part>comparingLong(p -> writerStart.get(p.writer()))
                        .thenComparing(Part::writer).thenComparingLong(Part::counter))
                .map(Part::path).toList();
    }

    /** The committed lines of one sink directory, in the order of {@link #committedFiles}; empty lines dropped. */
    public static List<String> readCommitted(java.nio.file.Path dir) {
        List<String> lines = new ArrayList<>();
        try {
            for (java.nio.file.Path p : committedFiles(dir)) {
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

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("^(.*)-(\\d+)(\\D.*)?$");

    /**
     * One part file: its name without counter and suffix (the whole name when it has no counter),
     * the counter, and when it was last written.
     */
    private record Part(java.nio.file.Path path, String writer, long counter, long modified) {
        static Part of(java.nio.file.Path p) {
            String name = p.getFileName().toString();
            java.util.regex.Matcher m = PART.matcher(name);
            boolean counted = m.matches();
            try {
                return new Part(p, counted ? m.group(1) : name, counted ? parse(m.group(2)) : 0,
                        Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
