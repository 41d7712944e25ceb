package org.s3upload.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static final long MIB = 1L << 20;

    @Test
    void onATerminalTheBlockIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        UploadBoard board = boardWithTwoRecordings();

        display.render(board, false);
        board.bytesSent(3 * MIB);
        display.render(board, false);
        display.note("camera-1.mp4: uploading");

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("\033[3F", "\033[2K", "\033[J", "camera-1.mp4", "camera-2.mp4", "total",
                "3.0 MiB of   8.0 MiB", "uploading", "waiting");
    }

    @Test
    void withoutATerminalThereAreOnlyPlainLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        UploadBoard board = boardWithTwoRecordings();
        board.bytesSent(2 * MIB);

        display.render(board, true);
        display.render(board, false);
        display.render(board, true);

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\033[");
        assertThat(out.lines().toList()).as("a forced redraw of an unchanged state prints nothing").hasSize(1);
        assertThat(out).contains("total 2.0 MiB of 16.0 MiB (12%)", "camera-1.mp4 2.0 MiB of 8.0 MiB");
    }

    @Test
    void bytesCountFromTheModulesCounterWhenTheUploadBegan() {
        UploadBoard board = boardWithTwoRecordings();
        Path first = Path.of("/rec/camera-1.mp4").toAbsolutePath();
        Path second = Path.of("/rec/camera-2.mp4").toAbsolutePath();
        board.apply(List.of(ModuleEvent.parse("INFO", "uploaded " + first + " -> demo/camera-1.mp4 (8388608 bytes, MD5 ab, verified)")), 3);
        board.apply(List.of(ModuleEvent.parse("INFO", "uploading " + second + " -> demo/camera-2.mp4 (attempt 1)")
                .withSentBefore(8 * MIB + 5)), 3);

        board.bytesSent(9 * MIB + 5);

        RecordingRow one = board.rows().get(0);
        RecordingRow two = board.rows().get(1);
        assertThat(one.state).isEqualTo(RecordingRow.State.UPLOADED);
        assertThat(one.sent).isEqualTo(8 * MIB);
        assertThat(two.sent).isEqualTo(MIB);
        assertThat(board.finishedCount()).isEqualTo(1);
    }

    private static UploadBoard boardWithTwoRecordings() {
        UploadBoard board = new UploadBoard();
        board.add(new RecordingRow(Path.of("/rec/camera-1.mp4"), 8 * MIB, "demo/camera-1.mp4"));
        board.add(new RecordingRow(Path.of("/rec/camera-2.mp4"), 8 * MIB, "demo/camera-2.mp4"));
        List<ModuleEvent> started = List.of(ModuleEvent.parse("INFO",
                "uploading " + Path.of("/rec/camera-1.mp4").toAbsolutePath() + " -> demo/camera-1.mp4 (attempt 1)").withSentBefore(0));
        board.apply(started, 3);
        return board;
    }
}
