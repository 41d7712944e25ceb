package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.s3upload.spi.support.FileFingerprint;

class RecorderRenamesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"show.mp4", "show [1].mp4", "show[.mp4", "a{b}*?.flv", "noext"})
    void findsTheRenamedTakeWhateverTheName(String name) throws Exception {
        Path recording = dir.resolve(name);
        Marker m = finished(recording, "first take");
        Path renamed = dir.resolve(versioned(name, 0));
        Files.move(recording, renamed);
        Files.write(recording, "second take".getBytes(StandardCharsets.UTF_8));

        assertThat(RecorderRenames.find(recording, m)).isEqualTo(renamed);
    }

    @Test
    void ignoresSiblingsWithOtherBytesOrTheirOwnMarker() throws Exception {
        Path recording = dir.resolve("show.mp4");
        Marker m = finished(recording, "first take");
        FileTime mtime = Files.getLastModifiedTime(recording);
        Path other = dir.resolve("show_0.mp4");
        Files.write(other, "a longer other take".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(other, mtime);
        Path owned = dir.resolve("show_1.mp4");
        Files.copy(recording, owned);
        Files.setLastModifiedTime(owned, mtime);
        Files.write(MarkerFiles.markerOf(owned), new byte[0]);
        Path notVersioned = dir.resolve("show_x.mp4");
        Files.copy(recording, notVersioned);
        Files.setLastModifiedTime(notVersioned, mtime);

        assertThat(RecorderRenames.find(recording, m)).isNull();
    }

    @Test
    void aLegacyMarkerWithoutFingerprintFindsNothing() throws Exception {
        Path recording = dir.resolve("show.mp4");
        finished(recording, "first take");
        Files.move(recording, dir.resolve("show_0.mp4"));

        assertThat(RecorderRenames.find(recording, Marker.legacyEmpty(1))).isNull();
    }

    private static Marker finished(Path recording, String content) throws Exception {
        Files.write(recording, content.getBytes(StandardCharsets.UTF_8));
        return Marker.pending(FileFingerprint.of(recording), null, 1);
    }

    private static String versioned(String name, int n) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name + "_" + n : name.substring(0, dot) + "_" + n + name.substring(dot);
    }
}
