package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadException;
import org.s3upload.api.testing.InMemoryStore;
import org.s3upload.api.testing.InMemoryUploadTarget;

/**
 * The cases of Wowza's real behaviour in which a recording used to be lost or stuck (issue 10):
 * each test names its case. Each failed on the engine before the per-recording state machine.
 */
class RecordingLifeTest extends EngineTestBase {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private Path write(Path p, String content, long mtime) throws Exception {
        Files.createDirectories(p.getParent());
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(p, FileTime.fromMillis(mtime));
        return p;
    }

    /** Case 1: the same stream records again while the first take still waits; Wowza renames it to cam_0. */
    @Test
    void aTakeRenamedByRecorderVersioningWhileItWaitsIsStillUploaded() throws Exception {
        start(b -> b.delayMillis(1_500));
        Path cam = write(storage.resolve("cam.mp4"), "take one", System.currentTimeMillis());
        engine.onRecordingFinished(cam, "cam");
        Files.move(cam, storage.resolve("cam_0.mp4"));
        write(cam, "take two, longer", System.currentTimeMillis() + 1_000);
        engine.onRecordingFinished(cam, "cam");
        // The followed take is queued at once: by now it may be uploaded already, its marker gone. The
        // marker is looked at first, so a missing one means that upload has completed.
        boolean moved = Files.exists(MarkerFiles.markerOf(storage.resolve("cam_0.mp4")));
        assertThat(moved || java.util.Arrays.equals("take one".getBytes(StandardCharsets.UTF_8), target.store().objects().get("cam_0.mp4")))
                .as("the marker moved before the new one was written (or the first take is uploaded already)\n" + log)
                .isTrue();
        Await.until("both takes uploaded", () -> target.store().objects().size() == 2 && engine.status().idle(), log::toString);
        assertThat(text(target.store().objects().get("cam_0.mp4"))).isEqualTo("take one");
        assertThat(text(target.store().objects().get("cam.mp4"))).isEqualTo("take two, longer");
    }

    /** Case 1, later: renamed between its verification and the end of its job, the take still keeps a marker. */
    @Test
    void aTakeRenamedRightAfterItsUploadIsStillUploadedUnderItsNewName() throws Exception {
        start(b -> b.deleteOriginal(true));
        Path cam = write(storage.resolve("cam.mp4"), "take one", System.currentTimeMillis());
        AtomicBoolean once = new AtomicBoolean();
        Checkpoints.install(point -> {
            if (point.equals(Checkpoints.UPLOAD_VERIFIED) && once.compareAndSet(false, true)) {
                try {
                    Files.move(cam, storage.resolve("cam_0.mp4"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        try {
            engine.onRecordingFinished(cam, "cam");
            Await.until("the first take followed to its new name", () -> target.store().objects().containsKey("cam_0.mp4"),
                    log::toString);
        } finally {
            Checkpoints.install(null);
        }
        write(cam, "take two", System.currentTimeMillis() + 1_000);
        engine.onRecordingFinished(cam, "cam");
        Await.until("both takes stored, both files gone", () -> "take two".equals(text(target.store().objects().get("cam.mp4")))
                && !Files.exists(cam) && !Files.exists(storage.resolve("cam_0.mp4")), log::toString);
        assertThat(text(target.store().objects().get("cam_0.mp4"))).isEqualTo("take one");
    }

    /** Case 1, journal-only: the renamed take's marker moves before the new report overwrites it. */
    @Test
    void aTakeRenamedWhileOnlyJournalledKeepsItsMarker() throws Exception {
        storage = Files.createDirectories(dir.resolve("content"));
        UploadEngine broken = UploadEngine.journalOnly(config().build(), "no bucket configured", log);
        Path cam = write(storage.resolve("cam.mp4"), "take one", 1_700_000_000_000L);
        broken.onRecordingFinished(cam, "cam");
        Files.move(cam, storage.resolve("cam_0.mp4"));
        write(cam, "take two", 1_700_000_100_000L);
        broken.onRecordingFinished(cam, "cam");
        broken.close();
        start(b -> { });
        Await.until("both takes uploaded", () -> target.store().objects().size() == 2, log::toString);
        assertThat(text(target.store().objects().get("cam_0.mp4"))).isEqualTo("take one");
        assertThat(text(target.store().objects().get("cam.mp4"))).isEqualTo("take two");
    }

    /**
     * Case 1 while the target starts: reports go to the journal-only engine until the hand-over. A
     * take renamed then, after the real engine's recovery had looked, has its marker moved by the
     * journal; the hand-over must deliver that take too, or it waits for the next start.
     */
    @Test
    void aTakeRenamedWhileTheTargetStartsIsHandedOverWithItsMarker() throws Exception {
        storage = Files.createDirectories(dir.resolve("content"));
        EngineSettings cfg = config().delayMillis(1_500).build();
        UploadEngine starting = UploadEngine.starting(cfg, log);
        Path cam = write(storage.resolve("cam.mp4"), "take one", System.currentTimeMillis());
        starting.onRecordingFinished(cam, "cam");
        engine = UploadEngine.start(cfg, target, log, null);
        Await.until("recovery has looked", engine::keysReserved, log::toString);
        Files.move(cam, storage.resolve("cam_0.mp4"));
        write(cam, "take two, longer", System.currentTimeMillis() + 1_000);
        starting.onRecordingFinished(cam, "cam");
        starting.handOverTo(engine);
        Await.until("both takes uploaded", () -> target.store().objects().size() == 2 && engine.status().idle(),
                log::toString);
        assertThat(text(target.store().objects().get("cam_0.mp4"))).isEqualTo("take one");
        assertThat(text(target.store().objects().get("cam.mp4"))).isEqualTo("take two, longer");
        assertThat(MarkerFiles.markerOf(storage.resolve("cam_0.mp4"))).doesNotExist();
    }

    /**
     * Case 1, reports out of order: the hand-over delivers a journalled report on the starting thread
     * while the next report of the same recording arrives on Wowza's. The report that read the first
     * take must not overwrite the one that read the second, or the job waits, as for a reopened file,
     * for a report that never comes.
     */
    @Test
    void anEarlierReportFinishingLastDoesNotReplaceTheNewerTake() throws Exception {
        start(b -> b.delayMillis(1_500));
        Path cam = write(storage.resolve("cam.mp4"), "take one", System.currentTimeMillis());
        AtomicBoolean once = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Checkpoints.install(point -> {
            if (!point.equals(Checkpoints.REPORT_READ) || !once.compareAndSet(false, true)) {
                return;
            }
            // The first report has read take one; the recorder versions the file and reports take two.
            try {
                Files.move(cam, storage.resolve("cam_0.mp4"));
                write(cam, "take two, longer", System.currentTimeMillis() + 1_000);
                Thread second = new Thread(() -> engine.onRecordingFinished(cam, "cam"));
                second.setUncaughtExceptionHandler((t, e) -> failed.set(e));
                second.start();
                second.join(500); // it may have to wait for this report: then it runs after it
            } catch (Exception e) {
                failed.set(e);
            }
        });
        try {
            engine.onRecordingFinished(cam, "cam");
            Await.until("both takes uploaded", () -> target.store().objects().size() == 2 && engine.status().idle(),
                    log::toString);
        } finally {
            Checkpoints.install(null);
        }
        assertThat(failed.get()).isNull();
        assertThat(text(target.store().objects().get("cam_0.mp4"))).isEqualTo("take one");
        assertThat(text(target.store().objects().get("cam.mp4"))).isEqualTo("take two, longer");
        assertThat(engine.status().reopened()).isZero();
    }

    /** Case 2: a file Wowza reopened after its report is neither uploaded as final nor deleted until reported again. */
    @Test
    void aRecordingReopenedAfterItsReportWaitsForTheNextReport() throws Exception {
        start(b -> b.deleteOriginal(true));
        target.holdUploads();
        Path r = record("grow.mp4", "old");
        engine.onRecordingFinished(r, "grow");
        Await.until("upload running", () -> target.active() == 1);
        write(r, "old and new", System.currentTimeMillis() + 5_000);
        target.releaseUploads();
        Await.until("the recording waits for Wowza", () -> engine.status().reopened() == 1, log::toString);
        Thread.sleep(2_500); // longer than the 2 s of quiet the engine used to take for "final"
        // The bytes the target read may already be stored (no whole-file checksum is known before an upload
        // any more, so nothing refuses them); what matters is that they are not taken as the recording:
        // the file and its marker stay, and nothing more happens until Wowza reports the file again.
        assertThat(r).exists();
        assertThat(MarkerFiles.markerOf(r)).exists();
        assertThat(engine.status().reopened()).isEqualTo(1);
        assertThat(engine.status().idle()).isTrue();

        engine.onRecordingFinished(r, "grow"); // Wowza closes it again
        Await.until("new content uploaded and file deleted", () -> !Files.exists(r) && !Files.exists(MarkerFiles.markerOf(r)),
                log::toString);
        assertThat(text(target.store().objects().get("grow.mp4"))).isEqualTo("old and new");
    }

    /** Case 2 at the next start: a recording last written before this start is final as it is. */
    @Test
    void aRecordingChangedBeforeThisStartIsUploadedAsItIs() throws Exception {
        storage = Files.createDirectories(dir.resolve("content"));
        Path r = write(storage.resolve("appended.mp4"), "reported", 1_700_000_000_000L);
        MarkerFiles.write(MarkerFiles.markerOf(r), Marker.pending(FileFingerprint.of(r), "appended", 1));
        write(r, "reported and appended", 1_700_000_050_000L);
        start(b -> b.deleteOriginal(true));
        Await.until("uploaded and deleted", () -> !Files.exists(r) && !Files.exists(MarkerFiles.markerOf(r)), log::toString);
        assertThat(text(target.store().objects().get("appended.mp4"))).isEqualTo("reported and appended");
    }

    /** Case 3: a versioned key chosen before a restart is not taken by a recording reported after it. */
    @Test
    void versionedKeysHeldByMarkersAreReservedBeforeNewRecordingsChoose() throws Exception {
        storage = Files.createDirectories(dir.resolve("content"));
        target.store().objects().put("clip.mp4", "older".getBytes(StandardCharsets.UTF_8));
        target.store().objects().put("clip_0.mp4", "older too".getBytes(StandardCharsets.UTF_8));
        // Chosen before the restart, not uploaded yet; written just now, so it waits for its delay.
        Path first = write(storage.resolve("clip_5.mp4"), "the first", System.currentTimeMillis());
        MarkerFiles.write(MarkerFiles.markerOf(first), Marker.pending(FileFingerprint.of(first), "clip", 1)
                .withKey("clip_1.mp4", target.providerId(), target.fingerprint()).withMd5(org.s3upload.spi.support.Checksums.md5Hex(first)));
        Path second = write(storage.resolve("clip_6.mp4"), "the second", 1_700_000_000_000L);
        start(b -> b.versionFile(true).delayMillis(60_000));
        engine.onRecordingFinished(second, "clip");
        Await.until("the second is uploaded", () -> target.store().objects().size() == 3, log::toString);
        assertThat(target.store().objects()).doesNotContainKey("clip_1.mp4");
        assertThat(text(target.store().objects().get("clip_2.mp4"))).isEqualTo("the second");
        assertThat(MarkerFiles.read(MarkerFiles.markerOf(first)).key()).isEqualTo("clip_1.mp4");
    }

    /** Case 4: applications sharing a folder take only their own markers, and ownerless ones once. */
    @Test
    void applicationsSharingAFolderTakeOnlyTheirOwnMarkers() throws Exception {
        storage = Files.createDirectories(dir.resolve("content"));
        Path mine = record("live-cam.mp4", "live's recording");
        MarkerFiles.write(MarkerFiles.markerOf(mine), Marker.pending(FileFingerprint.of(mine), "live-cam", 1)
                .withOwner("_defaultVHost_/live/_definst_"));
        Path theirs = record("other-cam.mp4", "other's recording");
        MarkerFiles.write(MarkerFiles.markerOf(theirs), Marker.pending(FileFingerprint.of(theirs), "other-cam", 2)
                .withOwner("_defaultVHost_/other/_definst_"));
        byte[] theirMarker = Files.readAllBytes(MarkerFiles.markerOf(theirs));
        Path legacy = record("old.mp4", "from the original module");
        Files.createFile(MarkerFiles.markerOf(legacy));

        start(b -> { });
        Await.until("live's own and the ownerless one", () -> target.store().objects().size() == 2 && engine.status().idle(),
                log::toString);
        assertThat(target.store().objects()).containsOnlyKeys("live-cam.mp4", "old.mp4");
        assertThat(Files.readAllBytes(MarkerFiles.markerOf(theirs))).as("another application's marker is untouched")
                .isEqualTo(theirMarker);
        assertThat(engine.status().foreign()).isEqualTo(1);

        // The other application, reaching the same folder through a link, uploads its own to its target.
        Path link = Files.createSymbolicLink(dir.resolve("content-link"), storage);
        InMemoryUploadTarget otherTarget = new InMemoryUploadTarget(new InMemoryStore(), PART_SIZE);
        UploadEngine other = UploadEngine.start(EngineSettings.builder(link).names("other", "_definst_").retry(20, 100)
                .statusIntervalMillis(0).build(), otherTarget, log, null);
        try {
            Await.until("the other's recording", () -> otherTarget.store().objects().containsKey("other-cam.mp4"), log::toString);
            Await.until("its marker deleted", () -> !Files.exists(MarkerFiles.markerOf(theirs)), log::toString);
            assertThat(otherTarget.store().objects()).containsOnlyKeys("other-cam.mp4");
        } finally {
            other.close();
        }
    }

    /** Case 4: two engines reaching one folder by different paths claim a recording once (by its real path). */
    @Test
    void anOwnerlessMarkerIsTakenByOneOfTwoEnginesOnly() throws Exception {
        storage = Files.createDirectories(dir.resolve("content"));
        for (int i = 0; i < 20; i++) {
            Files.createFile(MarkerFiles.markerOf(record("old" + i + ".mp4", "legacy " + i)));
        }
        Path link = Files.createSymbolicLink(dir.resolve("content-link"), storage);
        InMemoryUploadTarget otherTarget = new InMemoryUploadTarget(new InMemoryStore(), PART_SIZE);
        UploadEngine other = UploadEngine.start(EngineSettings.builder(link).names("other", "_definst_").retry(20, 100)
                .statusIntervalMillis(0).build(), otherTarget, log, null);
        try {
            start(b -> { });
            Await.until("every recording uploaded", () -> target.store().objects().size() + otherTarget.store().objects().size() >= 20
                    && engine.status().idle() && other.status().idle(), log::toString);
            Thread.sleep(200);
            assertThat(target.store().objects().size() + otherTarget.store().objects().size()).as("each recording once, by one of them")
                    .isEqualTo(20);
            assertThat(target.started().size() + otherTarget.started().size()).isEqualTo(20);
        } finally {
            other.close();
        }
    }

    /** Case 5: a report that arrives while a verified upload is being forgotten is uploaded next. */
    @Test
    void aReportDuringTheLastStepOfAnUploadIsNotSwallowed() throws Exception {
        start(b -> b.deleteOriginal(true));
        Path r = record("last.mp4", "first take");
        AtomicBoolean once = new AtomicBoolean();
        Checkpoints.install(point -> {
            if (point.equals(Checkpoints.LOCAL_DELETED) && once.compareAndSet(false, true)) {
                try {
                    write(r, "second take at the same name", System.currentTimeMillis() + 5_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                engine.onRecordingFinished(r, "last");
            }
        });
        try {
            engine.onRecordingFinished(r, "last");
            Await.until("the second take uploaded and deleted", () -> target.store().objects().containsKey("last.mp4")
                    && text(target.store().objects().get("last.mp4")).equals("second take at the same name")
                    && !Files.exists(r) && !Files.exists(MarkerFiles.markerOf(r)), log::toString);
        } finally {
            Checkpoints.install(null);
        }
    }

    /** Case 7: a marker outside the storage folder whose folder is briefly not mounted is kept and found later. */
    @Test
    void aMarkerWhoseFolderIsNotMountedYetIsFoundOnceItIs() throws Exception {
        start(b -> b.delayMillis(60_000));
        Path elsewhere = Files.createDirectories(dir.resolve("mnt/recordings"));
        Path outside = write(elsewhere.resolve("ext.mp4"), "outside", System.currentTimeMillis());
        engine.onRecordingFinished(outside, "ext");
        engine.close();
        Path unmounted = dir.resolve("mnt/recordings.unmounted");
        Files.move(elsewhere, unmounted);
        engine = UploadEngine.start(config().rescanIntervalMillis(100).build(), reopenTarget(), log, null); // old one closed
        Await.until("a warning about the folder", () -> log.at("WARN").stream()
                .anyMatch(l -> l.contains(elsewhere.toString()) && l.contains("cannot be seen")), log::toString);
        Thread.sleep(300); // a few rescans while it is away
        Files.move(unmounted, elsewhere);
        awaitUploaded("ext.mp4");
        assertThat(log.at("WARN")).filteredOn(l -> l.contains("cannot be seen")).hasSize(1);
    }

    /** Case 8: a kill after indexing a marker outside the storage folder and before writing it loses nothing. */
    @Test
    void anIndexedRecordingWithoutItsMarkerIsJournalledAtStart() throws Exception {
        storage = Files.createDirectories(dir.resolve("content"));
        Path outside = write(dir.resolve("elsewhere/cut.mp4"), "indexed, marker never written", 1_700_000_000_000L);
        new ExternalMarkers(storage, "_defaultVHost_/live/_definst_").add(MarkerFiles.markerOf(outside));
        start(b -> { });
        awaitUploaded("cut.mp4");
        assertThat(text(target.store().objects().get("cut.mp4"))).isEqualTo("indexed, marker never written");
    }

    /** Case 10: a recording that cannot be read at its report is journalled, and uploaded once it can be. */
    @Test
    void aRecordingUnreadableAtItsReportIsJournalledAndUploaded() throws Exception {
        start(b -> b.delayMillis(500));
        Path r = storage.resolve("late.mp4"); // not visible yet (a slow network file system)
        engine.onRecordingFinished(r, "late");
        assertThat(MarkerFiles.markerOf(r)).as("journalled before the call returned").exists();
        write(r, "visible now", System.currentTimeMillis());
        awaitUploaded("late.mp4");
        assertThat(text(target.store().objects().get("late.mp4"))).isEqualTo("visible now");
        Await.until("marker deleted", () -> !Files.exists(MarkerFiles.markerOf(r)), log::toString);
    }

    /** Case 11: permanent failures are retried on their own at a slow cadence, one log line per round. */
    @Test
    void failedRecordingsAreRetriedPeriodicallyWithoutARestart() throws Exception {
        start(b -> b.failedRetryIntervalMillis(300));
        target.failWhen(r -> UploadException.permanent("AccessDenied: grant s3:PutObject"));
        Path a = record("a.mp4", "a");
        Path b = record("b.mp4", "b");
        engine.onRecordingFinished(a, "a");
        engine.onRecordingFinished(b, "b");
        Await.until("both FAILED", () -> engine.status().failed() == 2, log::toString);
        Await.until("two retry rounds", () -> log.at("INFO").stream().filter(l -> l.contains("retrying 2 recording(s)"))
                .count() >= 2 && engine.status().failed() == 2, log::toString);
        target.failWhen(null); // the operator fixed the policy; no restart
        Await.until("both uploaded", () -> target.store().objects().size() == 2, log::toString);
        // One line per round: neither a "retrying"/"uploading" line per recording nor the ERROR again.
        assertThat(log.at("ERROR")).hasSize(2);
        assertThat(log.at("INFO")).filteredOn(l -> (l.startsWith("retrying ") || l.startsWith("uploading "))
                && l.contains("a.mp4")).hasSizeLessThanOrEqualTo(1);
    }

    /** Case 12: a fresh upload whose remote state was aborted elsewhere starts again at once. */
    @Test
    void aFreshUploadWhoseUploadIdVanishedStartsAgainAtOnce() throws Exception {
        start(b -> b.retry(600_000, 600_000)); // a backoff would outlast this test
        target.withholdTokenOnStart(true);
        AtomicInteger calls = new AtomicInteger();
        target.failWhen(r -> calls.incrementAndGet() == 1 ? UploadException.resumeRejected("NoSuchUpload") : null);
        Path r = record("aborted.mp4", "its upload id was aborted by a lifecycle rule");
        engine.onRecordingFinished(r, "aborted");
        awaitUploaded("aborted.mp4");
        assertThat(target.started()).hasSize(2);
        assertThat(engine.status().failed()).isZero();
        assertThat(log.at("WARN")).as("a restart, not a failure").isEmpty();
    }

    /** Case 13: stopping takes at most about s3UploadShutdownTimeout, however many uploads are slow to pause. */
    @Test
    void closeIsBoundedByTheShutdownTimeout() throws Exception {
        start(b -> b.maxConcurrentUploads(3).shutdownTimeoutMillis(500));
        target.holdUploads();
        target.holdPauses();
        for (int i = 0; i < 3; i++) {
            engine.onRecordingFinished(record("slow" + i + ".mp4", "slow " + i), "slow" + i);
        }
        Await.until("three uploads running", () -> target.active() == 3, log::toString);
        Thread closer = new Thread(engine::close);
        closer.start();
        closer.join(30_000);
        try {
            assertThat(closer.isAlive()).as("close() returned while the provider still pauses").isFalse();
        } finally {
            target.releasePauses();
            target.releaseUploads();
            // The late pauses still journal their tokens: let them end before the folder is removed.
            Await.until("the pausing threads ended", () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().contains("_definst_-stop")), log::toString);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(MarkerFiles.markerOf(storage.resolve("slow" + i + ".mp4"))).exists();
        }
    }

    /**
     * An object found already at the key (a crash after completion, before the marker went): what
     * proved it is journalled before the local delete, so a crash right after the delete still proves
     * the object at the next start instead of setting the marker aside as a vanished recording.
     */
    @Test
    void anObjectFoundAtTheKeyIsJournalledBeforeTheLocalDelete() throws Exception {
        start(b -> b.deleteOriginal(true));
        Path r = write(storage.resolve("there.mp4"), "stored before", System.currentTimeMillis() - 60_000);
        target.store().objects().put("there.mp4", "stored before".getBytes(StandardCharsets.UTF_8));
        AtomicReference<String> journalled = new AtomicReference<>("the local delete was not reached");
        Checkpoints.install(point -> {
            if (point.equals(Checkpoints.LOCAL_DELETED)) {
                try {
                    journalled.set(MarkerFiles.read(MarkerFiles.markerOf(r)).md5());
                } catch (java.io.IOException e) {
                    journalled.set("unreadable: " + e);
                }
            }
        });
        try {
            engine.onRecordingFinished(r, "there");
            Await.until("deleted, marker gone", () -> !Files.exists(r) && !Files.exists(MarkerFiles.markerOf(r)), log::toString);
        } finally {
            Checkpoints.install(null);
        }
        assertThat(target.started()).as("nothing sent again").isEmpty();
        assertThat(target.stat("there.mp4").get().matches(13, journalled.get()))
                .as("the marker at the local delete proves the object (journalled: %s)", journalled.get()).isTrue();
    }
}
