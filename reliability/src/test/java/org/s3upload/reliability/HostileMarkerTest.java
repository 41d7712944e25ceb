package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.engine.Checkpoints;
import org.s3upload.wowza.host.Bucket;

/**
 * Marker files the module did not write (or no longer understands) and recordings that change
 * under an upload: each recording is still uploaded byte for byte, or kept with a visible reason.
 */
class HostileMarkerTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        Checkpoints.install(null);
    }

    /** A marker content, and whether the module must move it aside as {@code .upload.corrupt}. */
    private record Row(byte[] marker, boolean quarantined) {
    }

    @Test
    void everyUnreadableMarkerIsMovedAsideAndItsRecordingUploadedFromTheStart() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        byte[] huge = new byte[5 * 1024 * 1024];
        new Random(8).nextBytes(huge);
        String valid = "{\"formatVersion\":1,\"providerId\":null,\"target\":null,\"key\":null,\"size\":%d,\"mtime\":%d,"
                + "\"md5\":null,\"state\":\"PENDING\",\"attempts\":0,\"lastError\":null,\"resumeToken\":null,"
                + "\"stream\":\"s\",\"finishedAt\":1}";
        Map<String, Row> table = new LinkedHashMap<>();
        table.put("corrupt.mp4", new Row(utf8("{\"formatVersion\":1,\"state\":"), true));
        table.put("truncated.mp4", new Row(Arrays.copyOf(utf8(String.format(valid, 1, 1)), 60), true));
        table.put("empty.mp4", new Row(new byte[0], false)); // the original module's "upload from the start"
        table.put("binary.mp4", new Row(garbage, true));
        table.put("huge.mp4", new Row(huge, true));
        table.put("future-format.mp4", new Row(utf8("{\"formatVersion\":99}"), true));
        table.put("wrong-types.mp4", new Row(utf8("{\"formatVersion\":1,\"state\":\"PENDING\",\"size\":\"big\"}"), true));
        table.put("bad-state.mp4", new Row(utf8(String.format(valid, 1, 1).replace("PENDING", "EXPLODED")), true));
        table.put("sdk-without-key.mp4", new Row(utf8("{\"pauseType\":\"upload\",\"bucketName\":\"b\"}"), true));
        table.put("json-array.mp4", new Row(utf8("[1,2,3]"), true));
        table.put("nul-bytes.mp4", new Row(new byte[] {0, 0, 0, '{', 0}, true));
        Path content = Files.createDirectories(dir.resolve("content"));
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        Map<String, byte[]> recordings = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Row> r : table.entrySet()) {
            byte[] data = Host.bytes(1000 + i, i++);
            Files.write(content.resolve(r.getKey()), data);
            Files.write(content.resolve(r.getKey() + ".upload"), r.getValue().marker());
            recordings.put(r.getKey(), data);
        }
        try (Host h = Host.filesystem(content, bucket)) {
            h.start();
            h.awaitSettled(table.size(), 0);
            Map<String, byte[]> objects = Bucket.objects(bucket);
            for (Map.Entry<String, Row> r : table.entrySet()) {
                String name = r.getKey();
                assertThat(objects.get(name)).as(name + " uploaded byte for byte").isEqualTo(recordings.get(name));
                assertThat(content.resolve(name + ".upload")).as(name + ": marker removed after the upload").doesNotExist();
                if (r.getValue().quarantined()) {
                    assertThat(content.resolve(name + ".upload.corrupt")).as(name + ": kept aside for a look").exists();
                    assertThat(h.log.count("WARN", name + ".upload")).as(name + ": one WARN naming the marker").isEqualTo(1);
                } else {
                    assertThat(content.resolve(name + ".upload.corrupt")).doesNotExist();
                }
            }
            assertThat(Files.readAllBytes(content.resolve("huge.mp4.upload.corrupt"))).as("moved, not rewritten").isEqualTo(huge);
            assertThat(h.log.at("ERROR")).isEmpty();
        }
    }

    @Test
    void aMarkerWhoseRecordingIsGoneIsKeptAsideWithAReason() throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        Files.writeString(content.resolve("gone.mp4.upload"), "{\"formatVersion\":1,\"providerId\":null,\"target\":null,"
                + "\"key\":null,\"size\":10,\"mtime\":1,\"md5\":null,\"state\":\"PENDING\",\"attempts\":0,\"lastError\":null,"
                + "\"resumeToken\":null,\"stream\":\"gone\",\"finishedAt\":1}");
        Files.write(content.resolve("legacy-gone.mp4.upload"), new byte[0]);
        try (Host h = Host.filesystem(content, bucket)) {
            h.start();
            Await.until("both markers are handled", () -> h.log.count("WARN", "is gone") == 2, h.log::toString);
            h.awaitSettled(0, 0);
            assertThat(content.resolve("gone.mp4.upload.missing")).exists();
            assertThat(content.resolve("gone.mp4.upload")).doesNotExist();
            assertThat(h.log.at("WARN")).anyMatch(l -> l.contains("gone.mp4") && l.contains(".upload.missing"));
            assertThat(Bucket.objects(bucket)).isEmpty();
            assertThat(h.log.at("ERROR")).isEmpty();
        }
    }

    @Test
    void aRecordingDeletedDuringItsUploadIsNeitherLostSilentlyNorRetriedForever() throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        byte[] data = Host.bytes(200_000, 11);
        try (Host h = Host.filesystem(content, bucket)) {
            h.set("s3UploadDeleteOriginalFiles", "true").start();
            h.awaitReady();
            Path rec = h.write("deleted.mp4", data);
            Checkpoints.install(point -> {
                if (point.equals("upload:partial")) {
                    try {
                        Files.deleteIfExists(rec);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            h.finish(rec);
            Await.until("the attempt ended", () -> h.status().idle()
                    && (h.status().failed() + h.status().completed() > 0 || Files.exists(content.resolve("deleted.mp4.upload.missing"))),
                    h.log::toString);
            byte[] there = Bucket.objects(bucket).get("deleted.mp4");
            long attempts = h.log.lines().stream().filter(l -> l.contains("uploading ") && l.contains("deleted.mp4")).count();
            assertThat(attempts).as("no retry loop on a vanished file").isEqualTo(1);
            if (there != null) {
                // Deleting an open file on POSIX can leave its bytes readable: then they all arrived, verified.
                assertThat(there).isEqualTo(data);
                return;
            }
            // The filesystem provider reports the vanished source as PERMANENT: FAILED marker with the reason, one ERROR.
            assertThat(Files.readString(content.resolve("deleted.mp4.upload"))).contains("\"state\":\"FAILED\"")
                    .contains("does not exist");
            assertThat(h.log.at("ERROR")).singleElement().asString().contains("no longer exists")
                    .doesNotContain("the recording is kept");
            h.stop();
            // The next start sees the recording is gone and keeps the marker aside with a WARN.
            h.start();
            // The WARN follows the move: wait for both (checking the line right after the file appeared raced it).
            Await.until("the marker is moved aside", () -> Files.exists(content.resolve("deleted.mp4.upload.missing"))
                    && h.log.at("WARN").stream().anyMatch(l -> l.contains("deleted.mp4") && l.contains("is gone")),
                    h.log::toString);
            assertThat(content.resolve("deleted.mp4.upload")).doesNotExist();
        }
    }

    @Test
    void aRecordingAppendedDuringItsUploadEndsUpRemotelyWithItsFinalBytes() throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        byte[] first = Host.bytes(200_000, 12);
        byte[] more = Host.bytes(50_000, 13);
        try (Host h = Host.filesystem(content, bucket)) {
            h.set("s3UploadDeleteOriginalFiles", "true").start();
            h.awaitReady();
            Path rec = h.write("appended.mp4", first);
            Checkpoints.install(point -> {
                if (point.equals("upload:partial")) {
                    Checkpoints.install(null);
                    try {
                        Files.write(rec, more, java.nio.file.StandardOpenOption.APPEND);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            h.finish(rec);
            byte[] all = new byte[first.length + more.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(more, 0, all, first.length, more.length);
            // Wowza reports the file finished again once it wrote the rest; before that the module must
            // not delete a file whose bytes differ from what it uploaded.
            Await.until("the first attempt ended", () -> h.log.lines().stream()
                    .anyMatch(l -> l.contains("appended.mp4") && (l.contains("kept ") || l.contains("changed"))), h.log::toString);
            assertThat(rec).as("a file that changed is never deleted").exists();
            h.finish(rec);
            Await.until("the final bytes are uploaded", () -> Arrays.equals(Bucket.objects(bucket).get("appended.mp4"), all)
                    && !Files.exists(rec), () -> h.status() + "\n" + h.log);
            h.awaitSettled(1, 0);
            assertThat(h.markers()).isEmpty();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
