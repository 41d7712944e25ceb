package org.s3upload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.internal.Json;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.wowza.engine.Marker;
import org.s3upload.wowza.engine.MarkerFiles;

/** {@code s3upload status} on markers written by the engine's own code, and by the original module. */
class StatusCommandTest {
    static final long FINISHED = 1_780_000_000_000L;
    static final long NOW = FINISHED + (2 * 3600 + 5 * 60) * 1000L;
    static final String OWNER = "_defaultVHost_/live/_definst_";

    @TempDir
    Path content;

    private Path recording(String relative, int bytes) throws IOException {
        Path p = content.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[bytes]);
        return p;
    }

    /** A waiting, an uploading, a failed marker of this module; an empty and an SDK marker of the original; an unreadable one. */
    private void writeMarkers() throws IOException {
        Path waiting = recording("cam1.mp4", 1000);
        MarkerFiles.write(MarkerFiles.markerOf(waiting), Marker.pending(FileFingerprint.of(waiting), "cam1", FINISHED)
                .withOwner(OWNER));
        Path uploading = recording("sub/cam2.mp4", 2000);
        MarkerFiles.write(MarkerFiles.markerOf(uploading), Marker.pending(FileFingerprint.of(uploading), "cam2", FINISHED + 1)
                .withOwner(OWNER).withKey("live/sub/cam2.mp4", "s3", "s3://rec at http://127.0.0.1:9")
                .withToken("{\"provider\":\"s3\",\"format\":1,\"bucket\":\"rec\",\"key\":\"live/sub/cam2.mp4\",\"uploadId\":\"UP-123\"}"));
        Path failed = recording("cam3.mp4", 3000);
        MarkerFiles.write(MarkerFiles.markerOf(failed), Marker.pending(FileFingerprint.of(failed), "cam3", FINISHED + 2)
                .withOwner("_defaultVHost_/vod/_definst_").withKey("vod/cam3.mp4", "s3", "s3://rec")
                .failed(Marker.State.FAILED, "Access Denied (403) writing s3://rec/vod/cam3.mp4; grant s3:PutObject"));
        Files.write(MarkerFiles.markerOf(recording("old/legacy.mp4", 10)), new byte[0]);
        Files.setLastModifiedTime(MarkerFiles.markerOf(content.resolve("old/legacy.mp4")),
                java.nio.file.attribute.FileTime.fromMillis(FINISHED - 1000));
        Files.write(MarkerFiles.markerOf(recording("bad.mp4", 10)), "this is no marker".getBytes());
        Files.setLastModifiedTime(MarkerFiles.markerOf(content.resolve("bad.mp4")),
                java.nio.file.attribute.FileTime.fromMillis(FINISHED + 3));
    }

    @Test
    void textNamesEveryMarkerWithOwnerStateAgeAttemptsAndLastError() throws IOException {
        writeMarkers();
        CliRun r = CliRun.with().now(NOW).run("status", content.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.ATTENTION);
        assertThat(r.out).contains("5 marker(s) under " + content)
                .contains(content.resolve("cam1.mp4").toString())
                .contains("state     waiting to upload")
                .contains("owner     " + OWNER)
                .contains("age       2h 05m")
                .contains(content.resolve("sub/cam2.mp4").toString())
                .contains("uploading: multipart upload UP-123 started, resumable")
                .contains("key       live/sub/cam2.mp4  (provider s3, s3://rec at http://127.0.0.1:9)")
                .contains("failed: waits for a fix")
                .contains("owner     _defaultVHost_/vod/_definst_")
                .contains("attempts  1")
                .contains("last error Access Denied (403) writing s3://rec/vod/cam3.mp4; grant s3:PutObject")
                .contains("waiting to upload from the start (a marker of the original module)")
                .contains("owner     none yet")
                .contains("unreadable: marker " + content.resolve("bad.mp4.upload"))
                .contains("Summary: 2 waiting, 1 uploading, 1 failed, 1 unreadable, 0 set-aside.");
        // oldest first: the original module's marker (older file time) before this module's
        assertThat(r.out.indexOf("legacy.mp4")).isLessThan(r.out.indexOf("cam1.mp4"));
    }

    @Test
    void jsonHasTheDocumentedSchema() throws IOException {
        writeMarkers();
        CliRun r = CliRun.with().now(NOW).run("status", "--json", content.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.ATTENTION);
        Map<String, Object> root = Json.parseObject(r.out.trim());
        assertThat(root.get("schema")).isEqualTo("s3upload-status/1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> markers = (List<Map<String, Object>>) root.get("markers");
        assertThat(markers).hasSize(5);
        Map<String, Object> cam2 = markers.stream().filter(m -> m.get("recording").toString().endsWith("cam2.mp4"))
                .findFirst().orElseThrow();
        assertThat(cam2).containsEntry("state", "uploading").containsEntry("uploadId", "UP-123")
                .containsEntry("owner", OWNER).containsEntry("key", "live/sub/cam2.mp4").containsEntry("provider", "s3")
                .containsEntry("size", 2000L).containsEntry("attempts", 0L).containsEntry("resumable", true)
                .containsEntry("legacy", false).containsEntry("recordingExists", true)
                .containsEntry("ageSeconds", (NOW - FINISHED - 1) / 1000);
        Map<String, Object> cam3 = markers.stream().filter(m -> m.get("recording").toString().endsWith("cam3.mp4"))
                .findFirst().orElseThrow();
        assertThat(cam3).containsEntry("state", "failed").containsEntry("attempts", 1L)
                .containsEntry("lastError", "Access Denied (403) writing s3://rec/vod/cam3.mp4; grant s3:PutObject");
        Map<String, Object> legacy = markers.get(0);
        assertThat(legacy).containsEntry("state", "waiting").containsEntry("legacy", true).containsEntry("owner", null)
                .containsEntry("size", null);
        assertThat(root.get("counts")).isEqualTo(Map.of("waiting", 2L, "uploading", 1L, "failed", 1L, "unreadable", 1L,
                "set-aside", 0L));
        for (Map<String, Object> m : markers) {
            assertThat(m).as("every member is always present").containsOnlyKeys(markers.get(0).keySet());
        }
    }

    @Test
    void changesNothingNotEvenTheUnreadableMarker() throws IOException {
        writeMarkers();
        Map<String, String> before = snapshot();
        CliRun.with().now(NOW).run("status", content.toString());
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void onlyWaitingAndUploadingMarkersExitZero() throws IOException {
        Path waiting = recording("a.mp4", 5);
        MarkerFiles.write(MarkerFiles.markerOf(waiting), Marker.pending(FileFingerprint.of(waiting), "a", FINISHED));
        assertThat(CliRun.with().now(NOW).run("status", content.toString()).exit).isEqualTo(ExitCodes.OK);
        Files.delete(MarkerFiles.markerOf(waiting));
        CliRun empty = CliRun.run("status", content.toString());
        assertThat(empty.exit).isEqualTo(ExitCodes.OK);
        assertThat(empty.out).contains("No markers under " + content);
    }

    @Test
    void aMissingFolderIsAUsageErrorNamingIt() {
        CliRun r = CliRun.run("status", content.resolve("nope").toString());
        assertThat(r.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err).contains("CONTENT_DIR " + content.resolve("nope") + " is not a folder");
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(content)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(content.relativize(p).toString(), Files.isRegularFile(p)
                        ? new String(Files.readAllBytes(p)) + "@" + Files.getLastModifiedTime(p) : "dir");
            }
        }
        return m;
    }
}
