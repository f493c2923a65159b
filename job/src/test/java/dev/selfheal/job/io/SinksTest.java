package dev.selfheal.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinksTest {
    @TempDir
    Path dir;

    @Test
    void aMissingDirectoryHasNoCommittedLines() {
        assertThat(Sinks.readCommitted(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void hiddenInProgressAndPendingFilesAreSkipped() throws IOException {
        write("part-x-0-0.jsonl", "committed");
        write(".part-x-0-1.jsonl.inprogress.5b1f0c9e-7f7a-4a43-9a4c-3a0d6f2d1e11", "in progress");
        write(".part-x-0-2.jsonl.pending", "pending");

        assertThat(Sinks.readCommitted(dir)).containsExactly("committed");
    }

    @Test
    void partFilesAreOrderedByCounterNumericallyNotAlphabetically() throws IOException {
        write("part-x-0-10.jsonl", "ten");
        write("part-x-0-2.jsonl", "two");
        write("part-x-0-1.jsonl", "one");

        assertThat(Sinks.readCommitted(dir)).containsExactly("one", "two", "ten");
    }

    @Test
    void aWriterRestoredUnderANewNameIsReadAfterTheOneBeforeTheFailure() throws IOException {
        // The restored writer's random name sorts first and its counter starts again at 0.
        write("part-f0000000-0000-0000-0000-000000000000-0.jsonl", "before 0");
        write("part-f0000000-0000-0000-0000-000000000000-1.jsonl", "before 1");
        write("part-00000000-0000-0000-0000-000000000000-1.jsonl", "after 1");
        write("part-00000000-0000-0000-0000-000000000000-0.jsonl", "after 0");
        age("part-f0000000-0000-0000-0000-000000000000-0.jsonl", 20_000);
        age("part-f0000000-0000-0000-0000-000000000000-1.jsonl", 15_000);

        assertThat(Sinks.readCommitted(dir)).containsExactly("before 0", "before 1", "after 0", "after 1");
    }

    @Test
    void uuidPrefixesWithDashesDoNotBreakTheNumericOrder() throws IOException {
        String uuid = "81fc4980-a6af-41c8-9937-9939408a734b";
        write("part-" + uuid + "-0-10.csv", "ten");
        write("part-" + uuid + "-0-9.csv", "nine");

        assertThat(Sinks.readCommitted(dir)).containsExactly("nine", "ten");
    }

    @Test
    void flinkFileSinkNamesWithoutASubtaskAreOrderedByCounterNumerically() throws IOException {
        // Flink 2.3's FileSink names committed parts part-<uuid of the bucket writer>-<counter><suffix>.
        String uuid = "0c3a1f52-5d0e-4b8c-a0e1-7d2f9b6c4e13";
        write("part-" + uuid + "-11.jsonl", "eleven");
        write("part-" + uuid + "-2.jsonl", "two");
        write("part-" + uuid + "-0.jsonl", "zero");

        assertThat(Sinks.readCommitted(dir)).containsExactly("zero", "two", "eleven");
    }

    @Test
    void linesOfEachFileKeepTheirOrderAndEmptyLinesAreDropped() throws IOException {
        write("part-x-0-0.jsonl", "a\n\nb\n");
        write("part-x-0-1.jsonl", "c\n");

        assertThat(Sinks.readCommitted(dir)).containsExactly("a", "b", "c");
    }

    private void age(String name, long millis) throws IOException {
        Path p = dir.resolve(name);
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(p).toMillis() - millis));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
