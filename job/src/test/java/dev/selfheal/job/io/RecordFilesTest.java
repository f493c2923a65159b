package dev.selfheal.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.data.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFilesTest {
    @TempDir
    Path tmp;

    @Test
    void framedRecordsReadBackAsWritten() throws Exception {
        List<byte[]> records = List.of(new byte[] {1, 2, 3}, new byte[0], new byte[300], "x".getBytes());
        Path f = tmp.resolve("r.bin");
        RecordFiles.write(f, RecordFormat.AVRO, records);
        List<byte[]> back = RecordFiles.read(f, RecordFormat.AVRO);
        assertThat(back).hasSize(4);
        for (int i = 0; i < records.size(); i++) {
            assertThat(back.get(i)).isEqualTo(records.get(i));
        }
        // One byte of length per short record, two for 300 (a zig-zag varint).
        assertThat(Files.size(f)).isEqualTo(1 + 3 + 1 + 2 + 300 + 1 + 1);
    }

    @Test
    void aFileEndingInsideARecordGivesItsBytesAndStops() throws Exception {
        Path f = tmp.resolve("r.bin");
        RecordFiles.write(f, RecordFormat.AVRO, List.of(new byte[] {1, 2, 3}, new byte[] {4, 5, 6, 7}));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 2));
        List<byte[]> back = RecordFiles.read(f, RecordFormat.AVRO);
        assertThat(back).hasSize(2);
        assertThat(back.get(1)).containsExactly(4, 5);
    }

    @Test
    void anImpossibleLengthEndsTheFileWithWhatFollowsAsOneRecord() throws Exception {
        Path f = tmp.resolve("r.bin");
        RecordFiles.write(f, RecordFormat.AVRO, List.of(new byte[] {1}));
        byte[] good = Files.readAllBytes(f);
        // 0x01 is the zig-zag varint of -1: no record has a negative length.
        byte[] bad = {0x01, 9, 9, 9};
        byte[] both = new byte[good.length * 2 + bad.length];
        System.arraycopy(good, 0, both, 0, good.length);
        System.arraycopy(bad, 0, both, good.length, bad.length);
        System.arraycopy(good, 0, both, good.length + bad.length, good.length);
        Files.write(f, both);
        List<byte[]> back = RecordFiles.read(f, RecordFormat.AVRO);
        assertThat(back).hasSize(2);
        assertThat(back.get(0)).containsExactly(1);
        assertThat(back.get(1)).containsExactly(9, 9, 9, 2, 1);
    }

    @Test
    void linesAreRecordsWithoutTheirLineEnds() throws Exception {
        Path f = tmp.resolve("r.jsonl");
        Files.write(f, "{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}".getBytes(StandardCharsets.UTF_8));
        List<String> back = RecordFiles.read(f, RecordFormat.JSON).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertThat(back).containsExactly("{\"a\":1}", "", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void anOverlongLineIsCutJustPastTheLimitAndTheNextLineIsWhole() throws Exception {
        Path f = tmp.resolve("r.jsonl");
        Files.write(f, ("x".repeat(RecordFiles.MAX_RECORD_BYTES + 500) + "\n{}\n").getBytes(StandardCharsets.UTF_8));
        List<byte[]> back = RecordFiles.read(f, RecordFormat.JSON);
        assertThat(back.get(0)).hasSize(RecordFiles.MAX_RECORD_BYTES + 1);
        assertThat(new String(back.get(1), StandardCharsets.UTF_8)).isEqualTo("{}");
    }
}
