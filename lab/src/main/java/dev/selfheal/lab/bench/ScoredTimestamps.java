package dev.selfheal.lab.bench;

import dev.selfheal.data.RecordFormat;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The event time ({@code ts}) of a scored event as the job writes it in each {@code output.format},
 * read without decoding the rest: the latency run's consumer does this for every record it sees.
 */
final class ScoredTimestamps {
    private static final byte[] JSON_KEY = "\"ts\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final RecordFormat format;
    private BinaryDecoder decoder;

    ScoredTimestamps(RecordFormat format) {
        this.format = format;
    }

    /** @throws IllegalArgumentException when the record holds no ts where its format puts it */
    long ts(byte[] v) {
        return switch (format) {
            case JSON -> digits(v, indexAfter(v, JSON_KEY));
            case CSV -> digits(v, afterCommas(v, 3)); // id,key,model,ts,...; the bench's ids and keys hold no commas
            case AVRO -> avro(v);
        };
    }

    private long avro(byte[] v) {
        // ScoredEvent's schema: id, key, model (strings), then ts (long).
        decoder = DecoderFactory.get().binaryDecoder(v, decoder);
        try {
            decoder.skipString();
            decoder.skipString();
            decoder.skipString();
            return decoder.readLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexAfter(byte[] v, byte[] key) {
        outer:
        for (int i = 0; i + key.length <= v.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (v[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        throw new IllegalArgumentException("no ts in the record");
    }

    private static int afterCommas(byte[] v, int commas) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == ',' && --commas == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no ts in the record");
    }

    private static long digits(byte[] v, int from) {
        long x = 0;
        int i = from;
        for (; i < v.length && v[i] >= '0' && v[i] <= '9'; i++) {
            x = x * 10 + (v[i] - '0');
        }
        if (i == from) {
            throw new IllegalArgumentException("no ts in the record");
        }
        return x;
    }
}
