package dev.selfheal.data;

import java.util.Locale;

/**
 * How records are written on the wire ({@code input.format}, {@code output.format}): CSV rows under a
 * header, JSON objects with the feature names as keys, or Avro binary records of a schema.
 */
public enum RecordFormat {
    CSV,
    JSON,
    AVRO;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but csv, json or avro */
    public static RecordFormat parse(String code) {
        for (RecordFormat f : values()) {
            if (f.code().equals(code == null ? "" : code.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown record format '" + code + "'; expected csv, json or avro");
    }

    @Override
    public String toString() {
        return code();
    }
}
