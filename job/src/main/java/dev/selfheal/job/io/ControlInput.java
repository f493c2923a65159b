package dev.selfheal.job.io;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/** Where control commands come from: a file of JSON lines, or a socket ({@code socket:HOST:PORT}). */
public interface ControlInput {
    DataStream<String> open(StreamExecutionEnvironment env);

    /** Control is not event-timed; its watermark must never hold HEAL back. */
    static WatermarkStrategy<String> watermarks() {
        return WatermarkStrategy.<String>forGenerator(c -> new MaxWatermarks<>());
    }

    static ControlInput file(Path p) {
        return env -> env.fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                        new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri())).build(), watermarks(), "control")
                .uid("source-control").setParallelism(1);
    }

    static ControlInput socket(String host, int port) {
        return env -> env.socketTextStream(host, port).uid("source-control-socket").setParallelism(1)
                .assignTimestampsAndWatermarks(watermarks()).uid("watermarks-control").setParallelism(1);
    }

    /** A Kafka topic of commands; its own uid, since its state (offsets) is not a file source's. */
    static ControlInput kafka(org.apache.flink.api.connector.source.Source<String, ?, ?> source) {
        return env -> env.fromSource(source, watermarks(), "control").uid("source-control-kafka").setParallelism(1);
    }

    /** Parses {@code input.control}: empty = none, {@code socket:HOST:PORT}, or a file path. */
    static ControlInput parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        if (spec.startsWith("socket:")) {
            String[] hp = spec.substring(7).split(":");
            if (hp.length != 2) {
                throw new IllegalArgumentException("input.control: expected socket:HOST:PORT, got '" + spec + "'");
            }
            try {
                return socket(hp[0], Integer.parseInt(hp[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("input.control: bad port in '" + spec + "'");
            }
        }
        Path p = Path.of(spec);
        if (!java.nio.file.Files.exists(p)) {
            throw new IllegalArgumentException("input.control: file not found: " + p);
        }
        return file(p);
    }
}
