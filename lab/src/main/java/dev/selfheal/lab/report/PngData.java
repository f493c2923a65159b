package dev.selfheal.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/** A PNG as a {@code data:} URI, so a report carries its images inside the one file. */
public final class PngData {
    public static final String PREFIX = "data:image/png;base64,";
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngData() {}

    /** Whether the bytes start with the PNG signature. */
    public static boolean isPng(byte[] bytes) {
        return bytes != null && bytes.length > SIGNATURE.length
                && Arrays.equals(Arrays.copyOf(bytes, SIGNATURE.length), SIGNATURE);
    }

    public static String uri(byte[] png) {
        if (!isPng(png)) {
            throw new IllegalArgumentException("not a PNG image");
        }
        return PREFIX + Base64.getEncoder().encodeToString(png);
    }

    public static String uri(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (!isPng(bytes)) {
            throw new IOException(file + " is not a PNG image");
        }
        return uri(bytes);
    }
}
