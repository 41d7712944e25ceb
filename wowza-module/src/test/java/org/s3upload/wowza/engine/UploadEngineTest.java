package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.s3upload.api.UploadException;

class UploadEngineTest extends EngineTestBase {
    @Test
    void uploadsVerifiesAndForgetsARecording() throws IOException {
        start(b -> b.keyPrefix("rec"));
        Path r = record("sub/one.mp4", "first recording");
        engine.onRecordingFinished(r, "one");
        awaitUploaded("rec/sub/one.mp4");
        Await.until("marker deleted", () -> !Files.exists(MarkerFiles.markerOf(r)), log::toString);
        assertThat(new String(target.store().objects().get("rec/sub/one.mp4"), StandardCharsets.UTF_8)).isEqualTo("first recording");
        assertThat(r).exists();
        Await.until("the completion is logged", () -> log.at("INFO").stream()
                .anyMatch(l -> l.contains("uploaded " + r) && l.contains("rec/sub/one.mp4")), log::toString);
        awaitIdle();
        assertThat(engine.status().completed()).isEqualTo(1);
    }

    @Test
    void theMarkerIsDurableBeforeTheCallReturns() throws IOException {
        start(b -> b.delayMillis(60_000));
        Path r = record("later.mp4", "waits");
        engine.onRecordingFinished(r, "later");
        Marker m = MarkerFiles.read(MarkerFiles.markerOf(r));
        assertThat(m.state()).isEqualTo(Marker.State.PENDING);
        assertThat(m.size()).isEqualTo(5);
        assertThat(m.key()).isEqualTo("later.mp4");
        assertThat(m.providerId()).isEqualTo("memory");
        assertThat(target.started()).isEmpty();
        assertThat(engine.status().waiting()).isEqualTo(1);
    }

    @Test
    void duplicateNotificationsUploadOnce() throws Exception {
        start(b -> { });
        target.holdUploads();
        Path r = record("dup.mp4", "same bytes");
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> engine.onRecordingFinished(r, "dup"));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Await.until("the upload started", () -> target.active() == 1);
        engine.onRecordingFinished(r, "dup");
        target.releaseUploads();
        awaitUploaded("dup.mp4");
        awaitIdle();
        engine.onRecordingFinished(r, "dup"); // after completion a new notification is a new job ...
        awaitIdle();
        // ... which finds the identical object already there and sends nothing.
        assertThat(target.started()).containsExactly("dup.mp4");
    }

    @Test
    void aHundredRecordingsFinishingAtOnceUseTheBoundedPool() throws Exception {
        start(b -> b.maxConcurrentUploads(3));
        List<Path> recordings = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            recordings.add(record("many/r" + i + ".mp4", "recording " + i));
        }
        Thread[] wowza = new Thread[4];
        for (int w = 0; w < wowza.length; w++) {
            final int slice = w;
            wowza[w] = new Thread(() -> {
                for (int i = slice; i < 100; i += 4) {
                    engine.onRecordingFinished(recordings.get(i), "r" + i);
                }
            });
            wowza[w].start();
        }
        for (Thread t : wowza) {
            t.join();
        }
        Await.until("100 objects", () -> target.store().objects().size() == 100, log::toString);
        awaitIdle();
        assertThat(target.maxActive()).isBetween(1, 3);
        long workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("s3upload-live/_definst_-upload")).count();
        assertThat(workers).isLessThanOrEqualTo(3);
        for (int i = 0; i < 100; i++) {
            assertThat(new String(target.store().objects().get("many/r" + i + ".mp4"), StandardCharsets.UTF_8)).isEqualTo("recording " + i);
            assertThat(MarkerFiles.markerOf(recordings.get(i))).doesNotExist();
        }
        assertThat(target.started()).hasSize(100);
    }

    @Test
    void aPermanentFailureMarksTheRecordingFailedOnceWithoutRetrying() throws Exception {
        start(b -> { });
        target.failWhen(r -> UploadException.permanent("Access Denied (403) for bucket b; grant s3:PutObject"));
        Path r = record("denied.mp4", "x");
        engine.onRecordingFinished(r, "denied");
        Await.until("FAILED", () -> engine.status().failed() == 1, log::toString);
        Marker m = MarkerFiles.read(MarkerFiles.markerOf(r));
        assertThat(m.state()).isEqualTo(Marker.State.FAILED);
        assertThat(m.lastError()).contains("Access Denied");
        assertThat(m.attempts()).isEqualTo(1);
        Thread.sleep(300); // retry backoff here is 20-100 ms: a hot loop would have run many times
        assertThat(target.started()).hasSize(1);
        assertThat(log.at("ERROR")).hasSize(1).allMatch(l -> l.contains("denied.mp4") && l.contains("Access Denied"));

        target.failWhen(null);
        engine.retryFailed();
        awaitUploaded("denied.mp4");
        Await.until("marker deleted", () -> !Files.exists(MarkerFiles.markerOf(r)), log::toString);
    }

    @Test
    void aRetryableFailureBacksOffAndSucceeds() throws Exception {
        start(b -> { });
        AtomicInteger calls = new AtomicInteger();
        target.failWhen(r -> calls.incrementAndGet() <= 3 ? UploadException.retryable("503 Slow Down", null) : null);
        Path r = record("flaky.mp4", "flaky");
        engine.onRecordingFinished(r, "flaky");
        awaitUploaded("flaky.mp4");
        assertThat(calls.get()).isEqualTo(4);
        assertThat(log.at("WARN")).filteredOn(l -> l.contains("503 Slow Down")).hasSize(3)
                .anyMatch(l -> l.contains("attempt 3"));
        assertThat(log.at("ERROR")).isEmpty();
        // a retry resumes the partial upload the failed attempt left
        assertThat(target.resumed()).hasSize(3);
    }

    @Test
    void aMarkerThatCannotBeRemovedBacksOffInsteadOfRetryingAtTheFirstDelayForEver() throws Exception {
        start(b -> b.deleteOriginal(true));
        Path r = record("stuck.mp4", "verified but its marker cannot go");
        // A marker path that cannot be deleted: a directory with something in it.
        Path marker = MarkerFiles.markerOf(r);
        Files.createDirectories(marker.resolve("blocker"));
        engine.onRecordingFinished(r, "stuck");
        Await.until("the backoff counts attempts although the marker cannot record them",
                () -> log.at("WARN").stream().anyMatch(l -> l.contains("stuck.mp4") && l.contains("attempt 3")),
                log::toString);
        assertThat(log.at("WARN")).filteredOn(l -> l.contains("stuck.mp4") && l.contains("(attempt 1)")).hasSize(1);
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        Backoff b = new Backoff(5_000, 300_000);
        assertThat(b.ceiling(1)).isEqualTo(5_000);
        assertThat(b.ceiling(2)).isEqualTo(10_000);
        assertThat(b.ceiling(7)).isEqualTo(300_000);
        assertThat(b.ceiling(1000)).isEqualTo(300_000);
        for (int i = 1; i < 20; i++) {
            assertThat(b.delay(i)).isBetween(b.ceiling(i) / 2, b.ceiling(i));
        }
    }

    @Test
    void deleteOriginalDeletesOnlyAfterVerification() throws Exception {
        start(b -> b.deleteOriginal(true));
        target.lieInStat(true);
        Path r = record("keep.mp4", "must survive");
        engine.onRecordingFinished(r, "keep");
        Await.until("a verification failure", () -> log.at("WARN").stream().anyMatch(l -> l.contains("does not match")),
                log::toString);
        assertThat(r).exists();
        assertThat(MarkerFiles.markerOf(r)).exists();
        target.lieInStat(false);
        Await.until("deleted after verification", () -> !Files.exists(r) && !Files.exists(MarkerFiles.markerOf(r)),
                log::toString);
        assertThat(new String(target.store().objects().get("keep.mp4"), StandardCharsets.UTF_8)).isEqualTo("must survive");
    }

    @Test
    void aRecordingThatWowzaRenamedBeforeItsDelayIsFollowed() throws Exception {
        start(b -> b.delayMillis(400));
        Path r = record("show.mp4", "first take");
        Files.setLastModifiedTime(r, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        engine.onRecordingFinished(r, "show");
        // Wowza's recorder versioning: the finished file becomes show_0.mp4, a new show.mp4 starts.
        Path renamed = storage.resolve("show_0.mp4");
        Files.move(r, renamed);
        Files.write(r, "second take, still recording".getBytes(StandardCharsets.UTF_8));
        awaitUploaded("show_0.mp4");
        assertThat(new String(target.store().objects().get("show_0.mp4"), StandardCharsets.UTF_8)).isEqualTo("first take");
        assertThat(MarkerFiles.markerOf(r)).doesNotExist();
        assertThat(target.store().objects()).doesNotContainKey("show.mp4");
    }

    @Test
    void versioningPicksTheFirstFreeNameAndKeepsIt() throws Exception {
        start(b -> b.versionFile(true));
        target.store().objects().put("clip.mp4", "older".getBytes(StandardCharsets.UTF_8));
        target.store().objects().put("clip_0.mp4", "older too".getBytes(StandardCharsets.UTF_8));
        Path r = record("clip_3.mp4", "newest");
        engine.onRecordingFinished(r, "clip");
        awaitUploaded("clip_1.mp4");
        assertThat(new String(target.store().objects().get("clip_1.mp4"), StandardCharsets.UTF_8)).isEqualTo("newest");
        assertThat(target.store().objects()).hasSize(3);
    }

    @Test
    void filtersSkipUnwantedRecordings() throws Exception {
        start(b -> b.filter(new RecordingFilter("mp4", null, null, "test*")));
        Path flv = record("a.flv", "flv");
        Path test = record("testing.mp4", "test stream");
        Path good = record("show.mp4", "wanted");
        engine.onRecordingFinished(flv, "a");
        engine.onRecordingFinished(test, "testing");
        engine.onRecordingFinished(good, "show");
        awaitUploaded("show.mp4");
        awaitIdle();
        assertThat(target.store().objects()).containsOnlyKeys("show.mp4");
        assertThat(MarkerFiles.markerOf(flv)).doesNotExist();
    }

    @Test
    void shutdownPausesRunningUploadsAndKeepsTheirTokens() throws Exception {
        start(b -> { });
        target.holdUploads();
        Path r = record("long.mp4", "long recording");
        engine.onRecordingFinished(r, "long");
        Await.until("upload running", () -> target.active() == 1);
        engine.close();
        Marker m = MarkerFiles.read(MarkerFiles.markerOf(r));
        assertThat(m.resumeToken()).isNotNull();
        assertThat(m.key()).isEqualTo("long.mp4");
        assertThat(target.isClosed()).isTrue();
        assertThat(r).exists();
    }

    @Test
    void statusIsLoggedPeriodicallyAndTheHostIsKeptAliveWhileWorkIsPending() throws Exception {
        storage = Files.createDirectories(dir.resolve("content"));
        AtomicInteger touches = new AtomicInteger();
        engine = UploadEngine.start(EngineSettings.builder(storage).statusIntervalMillis(20).keepAliveIntervalMillis(20)
                .build(), target, log, touches::incrementAndGet);
        target.holdUploads();
        Path r = record("busy.mp4", "busy");
        engine.onRecordingFinished(r, "busy");
        Await.until("touched", () -> touches.get() >= 2, log::toString);
        Await.until("a status line", () -> log.at("INFO").stream().anyMatch(l -> l.contains("status: ") && l.contains("inFlight=1")),
                log::toString);
        EngineStatus s = engine.status();
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.oldestPendingSince()).isPositive();
        target.releaseUploads();
        awaitIdle();
        int after = touches.get();
        Await.until("the idle status", () -> log.at("INFO").stream().anyMatch(l -> l.contains("status: ") && l.contains("completed=1")),
                log::toString);
        assertThat(touches.get()).isLessThanOrEqualTo(after + 1);
    }

    @Test
    void theHostsThreadNeverWaitsForTheNetwork() throws Exception {
        start(b -> b.maxConcurrentUploads(1));
        target.holdRemoteCalls();
        List<Path> recordings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recordings.add(record("stuck" + i + ".mp4", "bytes " + i));
        }
        Thread wowza = new Thread(() -> recordings.forEach(r -> engine.onRecordingFinished(r, null)), "wowza");
        wowza.start();
        wowza.join(30_000);
        assertThat(wowza.isAlive()).as("onRecordingFinished returned although the storage hangs").isFalse();
        for (Path r : recordings) {
            assertThat(MarkerFiles.markerOf(r)).exists();
        }
        target.releaseRemoteCalls();
        Await.until("all uploaded", () -> target.store().objects().size() == 5, log::toString);
    }

    @Test
    void everyVersionedRecordingHasItsOwnMarkerAndIsUploaded() throws Exception {
        start(b -> { });
        Path first = record("show_0.mp4", "take one");
        Path second = record("show_1.mp4", "take two");
        Path current = record("show.mp4", "take three");
        engine.onRecordingFinished(first, "show");
        engine.onRecordingFinished(second, "show");
        engine.onRecordingFinished(current, "show");
        Await.until("three uploads", () -> target.store().objects().size() == 3, log::toString);
        assertThat(target.store().objects().keySet()).containsExactlyInAnyOrder("show_0.mp4", "show_1.mp4", "show.mp4");
        assertThat(new String(target.store().objects().get("show_1.mp4"), StandardCharsets.UTF_8)).isEqualTo("take two");
    }

    @Test
    void recordingsThatShareAKeyUploadOneAfterTheOther() throws Exception {
        // A template without ${file} maps every take of a stream to one key: the operator wants overwrites.
        start(b -> b.keyTemplate("${stream}.mp4"));
        target.holdUploads();
        Path first = record("show_0.mp4", "take one");
        Path second = record("show_1.mp4", "take two, longer");
        engine.onRecordingFinished(first, "show");
        Await.until("the first take is uploading", () -> target.active() == 1, log::toString);
        engine.onRecordingFinished(second, "show");
        Await.until("the second take waits for the key", () -> log.lines().stream()
                .anyMatch(l -> l.contains("waiting") && l.contains(second.toString())), log::toString);
        assertThat(target.started()).as("never two uploads to one key at once").containsExactly("show.mp4");
        target.releaseUploads();
        Await.until("both takes done", () -> engine.status().idle() && target.started().size() == 2, log::toString);
        assertThat(new String(target.store().objects().get("show.mp4"), StandardCharsets.UTF_8)).isEqualTo("take two, longer");
        assertThat(target.maxActive()).isEqualTo(1);
        assertThat(log.at("ERROR")).isEmpty();
        assertThat(MarkerFiles.markerOf(first)).doesNotExist();
        assertThat(MarkerFiles.markerOf(second)).doesNotExist();
    }

    @Test
    void aPartialUploadThatTurnsOutUnusableRestartsAtOnceWithoutBackoff() throws Exception {
        start(b -> b.retry(60_000, 60_000)); // a backoff would outlast this test
        AtomicInteger calls = new AtomicInteger();
        target.failWhen(r -> calls.incrementAndGet() == 1 ? UploadException.resumeRejected("NoSuchUpload") : null);
        Path r = record("gone.mp4", "partial upload vanished");
        engine.onRecordingFinished(r, "gone");
        awaitUploaded("gone.mp4");
        assertThat(target.started()).hasSize(2);
        assertThat(target.resumed()).isEmpty();
        assertThat(target.aborted()).hasSize(1);
        assertThat(log.at("WARN")).isEmpty();
    }
}
