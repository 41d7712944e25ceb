package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.FileFingerprint;

class MarkerScanTest {
    @TempDir
    Path storage;

    private final CapturingLog log = new CapturingLog();

    @Test
    void findsMarkersInSubfoldersOldestFirst() throws Exception {
        Path newer = recordingWithMarker("live/b.mp4", 2_000_000);
        Path older = recordingWithMarker("vod/2026/a.mp4", 1_000_000);
        Path middle = recordingWithMarker("c.mp4", 1_500_000);

        MarkerScan.Result r = scan(Collections.<Path>emptyList());

        assertThat(recordings(r)).containsExactly(older, middle, newer);
        assertThat(r.corrupt).isZero();
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void skipsRecordingsClaimedSinceThisStart() throws Exception {
        Path claimed = recordingWithMarker("a.mp4", 1_000);
        Path other = recordingWithMarker("b.mp4", 2_000);

        MarkerScan.Result r = scan(Collections.singletonList(claimed.toAbsolutePath().normalize()));

        assertThat(recordings(r)).containsExactly(other);
    }

    @Test
    void replacesAnUnreadableMarkerAndKeepsItsContentAside() throws Exception {
        Path rec = storage.resolve("broken.mp4");
        Files.write(rec, new byte[] {1, 2, 3});
        Path marker = MarkerFiles.markerOf(rec);
        Files.write(marker, "{not json".getBytes(StandardCharsets.UTF_8));

        MarkerScan.Result r = scan(Collections.<Path>emptyList());

        assertThat(r.corrupt).isEqualTo(1);
        assertThat(recordings(r)).containsExactly(rec.toAbsolutePath().normalize());
        assertThat(r.found.get(0).content.size()).as("a fresh marker for the whole recording").isEqualTo(3);
        assertThat(MarkerFiles.read(marker).size()).isEqualTo(3);
        Path aside = storage.resolve("broken.mp4" + MarkerFiles.CORRUPT_SUFFIX);
        assertThat(aside).hasContent("{not json");
        assertThat(log.at("WARN")).singleElement().asString().contains(marker.toString(), aside.toString());
    }

    @Test
    void countsMarkersOfTheOriginalModule() throws Exception {
        Path rec = storage.resolve("old.flv");
        Files.write(rec, new byte[10]);
        Files.write(MarkerFiles.markerOf(rec), new byte[0]);

        MarkerScan.Result r = scan(Collections.<Path>emptyList());

        assertThat(r.legacy).isEqualTo(1);
        assertThat(recordings(r)).containsExactly(rec.toAbsolutePath().normalize());
    }

    @Test
    void removesOnlyStaleTempFilesOfMarkerWrites() throws Exception {
        Path stale = storage.resolve("a.mp4" + MarkerFiles.SUFFIX + AtomicFiles.TEMP_MARK + "1");
        Path fresh = storage.resolve("b.mp4" + MarkerFiles.SUFFIX + AtomicFiles.TEMP_MARK + "2");
        Files.write(stale, new byte[] {1});
        Files.write(fresh, new byte[] {1});
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 2 * MarkerScan.STALE_TEMP_MILLIS));

        MarkerScan.Result r = scan(Collections.<Path>emptyList());

        assertThat(stale).doesNotExist();
        assertThat(fresh).as("a write in progress may own it").exists();
        assertThat(r.found).isEmpty();
    }

    @Test
    void doesNotTreatTheEnginesOwnFolderAsRecordings() throws Exception {
        Path own = storage.resolve(ExternalMarkers.DIR).resolve("x.mp4");
        Files.createDirectories(own.getParent());
        Files.write(own, new byte[1]);
        MarkerFiles.write(MarkerFiles.markerOf(own), Marker.pending(FileFingerprint.of(own), null, 1));

        assertThat(scan(Collections.<Path>emptyList()).found).isEmpty();
    }

    /** Issue 10, case 7: a storage folder not mounted yet is reported (once), never silently skipped. */
    @Test
    void aMissingRootIsReportedOnceAndRemembered() throws Exception {
        recordingWithMarker("a.mp4", 1);
        Path missing = storage.resolveSibling("not-mounted");
        java.util.Set<String> told = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            MarkerScan.Result r = new MarkerScan(java.util.Arrays.asList(storage, missing),
                    new ExternalMarkers(storage, OWNER.id()), log, OWNER, told).run(p -> false, () -> false);
            assertThat(r.unreachable).containsExactly(missing);
            assertThat(r.found).hasSize(1);
        }
        assertThat(log.at("WARN")).singleElement().asString().contains(missing.toString(), "cannot be seen");
    }

    /** Issue 10, case 9: a leftover temp file that cannot be removed does not end the scan of the folder. */
    @Test
    void aFileThatCannotBeCleanedUpDoesNotEndTheScan() throws Exception {
        java.util.List<Path> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(recordingWithMarker("d" + i + "/r.mp4", i));
        }
        Path stuck = storage.resolve("x.mp4" + MarkerFiles.SUFFIX + AtomicFiles.TEMP_MARK + "left");
        Files.write(stuck, new byte[1]);
        Files.setLastModifiedTime(stuck, java.nio.file.attribute.FileTime.fromMillis(1_000));
        // An immutable file (chattr +i) cannot be deleted even by root, as a file on a read-only mount.
        Process p = new ProcessBuilder("chattr", "+i", stuck.toString()).redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0,
                "needs chattr +i on the temp folder's file system to make a file undeletable");
        try {
            MarkerScan.Result r = scan(Collections.<Path>emptyList());
            assertThat(recordings(r)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(log.toString()).contains("cannot remove " + stuck);
        } finally {
            new ProcessBuilder("chattr", "-i", stuck.toString()).start().waitFor();
        }
    }

    @Test
    void stopsWhenAskedAndReportsNothing() throws Exception {
        recordingWithMarker("a.mp4", 1);

        MarkerScan.Result r = new MarkerScan(Collections.singletonList(storage), new ExternalMarkers(storage, OWNER.id()), log, OWNER,
                new java.util.HashSet<>())
                .run(p -> false, () -> true);

        assertThat(r).isNull();
    }

    static final Owner OWNER = new Owner("_defaultVHost_", "live", "_definst_");

    private MarkerScan.Result scan(List<Path> claimed) {
        return new MarkerScan(Collections.singletonList(storage), new ExternalMarkers(storage, OWNER.id()), log, OWNER,
                new java.util.HashSet<>())
                .run(claimed::contains, () -> false);
    }

    private Path recordingWithMarker(String relative, long finishedAt) throws Exception {
        Path rec = storage.resolve(relative);
        Files.createDirectories(rec.getParent());
        Files.write(rec, relative.getBytes(StandardCharsets.UTF_8));
        MarkerFiles.write(MarkerFiles.markerOf(rec), Marker.pending(FileFingerprint.of(rec), null, finishedAt));
        return rec.toAbsolutePath().normalize();
    }

    private static List<Path> recordings(MarkerScan.Result r) {
        return r.found.stream().map(f -> MarkerFiles.recordingOf(f.marker)).collect(Collectors.toList());
    }
}
