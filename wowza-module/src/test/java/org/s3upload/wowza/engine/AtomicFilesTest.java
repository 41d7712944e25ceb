package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void unhook() {
        Checkpoints.install(null);
    }

    @Test
    void aWriteInterruptedHalfwayLeavesTheOldContent() throws IOException {
        Path f = dir.resolve("m.upload");
        AtomicFiles.write(f, "old content".getBytes(StandardCharsets.UTF_8));
        for (String point : new String[] {Checkpoints.ATOMIC_WRITE_PARTIAL, Checkpoints.ATOMIC_WRITE_BEFORE_RENAME}) {
            Checkpoints.install(p -> {
                if (p.equals(point)) {
                    throw new IllegalStateException("crash at " + p);
                }
            });
            assertThatThrownBy(() -> AtomicFiles.write(f, "new content that is longer".getBytes(StandardCharsets.UTF_8)))
                    .hasMessageContaining(point);
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).isEqualTo("old content");
        }
        Checkpoints.install(null);
        AtomicFiles.write(f, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).isEqualTo("new");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(f);
        }
    }

    @Test
    void markersRoundTripAndLegacyFormsAreRead() throws IOException {
        Path rec = dir.resolve("r.mp4");
        Files.write(rec, new byte[10]);
        Path m = MarkerFiles.markerOf(rec);
        assertThat(m.getFileName().toString()).isEqualTo("r.mp4.upload");
        assertThat(MarkerFiles.recordingOf(m)).isEqualTo(rec);
        Marker written = Marker.pending(org.s3upload.spi.support.FileFingerprint.of(rec), "r", 42).withKey("k/r.mp4", "s3", "s3://b")
                .withMd5("0123456789abcdef0123456789abcdef").withToken("{\"provider\":\"s3\",\"format\":1}")
                .failed(Marker.State.FAILED, "403 \"denied\"\n");
        MarkerFiles.write(m, written);
        Marker read = MarkerFiles.read(m);
        assertThat(read.toJson()).isEqualTo(written.toJson());
        assertThat(read.state()).isEqualTo(Marker.State.FAILED);
        assertThat(read.attempts()).isEqualTo(1);

        Files.write(m, new byte[0]);
        assertThat(MarkerFiles.read(m).size()).isEqualTo(-1);
        Files.write(m, "{\"formatVersion\":99}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> MarkerFiles.read(m)).isInstanceOf(MarkerFiles.CorruptMarkerException.class);
        Files.write(m, "\u0000\u0001garbage".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> MarkerFiles.read(m)).isInstanceOf(MarkerFiles.CorruptMarkerException.class);
    }
}
