package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.host.Bucket;

/** The real module in a fake Wowza host, uploading with the filesystem provider. */
class ModuleS3UploadTest extends FilesystemModuleHost {
    @BeforeEach
    void smallChunks() {
        set("s3Upload.filesystem.chunkSize", "4KiB");
    }

    void awaitIdle() {
        Await.until("the module is idle", () -> {
            EngineStatus s = module.status();
            return s != null && s.targetReady() && s.idle();
        }, logger::toString);
    }

    @Test
    void uploadsEveryRecordingWowzaFinishes() throws Exception {
        app.getProperties().setProperty("s3UploadFilePrefix", "recordings/${com.wowza.wms.context.Application}");
        start();
        assertThat(app.listenerCount()).isEqualTo(1);
        Path a = record("a.mp4", 50_000);
        Path b = record("shows/b.mp4", 3);
        Path c = record("c.flv", 0);
        app.finishRecording(a, "a");
        app.finishRecording(b, "b");
        app.finishRecording(c, "c");
        Await.until("three objects", () -> Bucket.objects(bucket).size() == 3, logger::toString);
        awaitIdle();
        Map<String, byte[]> objects = Bucket.objects(bucket);
        assertThat(objects.keySet()).containsExactly("recordings/live/a.mp4", "recordings/live/c.flv",
                "recordings/live/shows/b.mp4");
        assertThat(objects.get("recordings/live/a.mp4")).isEqualTo(Files.readAllBytes(a));
        assertThat(objects.get("recordings/live/shows/b.mp4")).isEqualTo(Files.readAllBytes(b));
        assertThat(objects.get("recordings/live/c.flv")).isEmpty();
        try (java.util.stream.Stream<Path> s = Files.walk(content)) {
            assertThat(s.filter(p -> p.toString().endsWith(".upload"))).isEmpty();
        }
        assertThat(logger.at("ERROR")).isEmpty();
        assertThat(logger.at("INFO")).anyMatch(l -> l.contains("ModuleS3Upload [live/_definst_] started: provider 'filesystem'"));
        module.onAppStop(app);
        // Still listening: a recording Wowza closes while or after the application stops is journalled.
        assertThat(app.listenerCount()).isEqualTo(1);
        module = null;
    }

    @Test
    void wowzasThreadNeverWaitsForTheTargetAndNothingIsLostMeanwhile() throws Exception {
        start();
        // Reported at once, most likely while the target is still being created on its own thread.
        Path a = record("early.mp4", 10_000);
        app.finishRecording(a, "early");
        Await.until("uploaded", () -> Bucket.objects(bucket).containsKey("early.mp4"), logger::toString);
        awaitIdle();
        assertThat(Bucket.objects(bucket).get("early.mp4")).isEqualTo(Files.readAllBytes(a));
        assertThat(a.resolveSibling("early.mp4.upload")).doesNotExist();
    }

    /** Issue 10, case 6: Wowza closes recordings while and after the application stops. */
    @Test
    void aRecordingFinishedAfterTheApplicationStoppedIsJournalledAndUploadedAtTheNextStart() throws Exception {
        start();
        awaitIdle();
        module.onAppStop(app);
        Path late = record("late.mp4", 5_000);
        app.finishRecording(late, "late");
        assertThat(late.resolveSibling("late.mp4.upload")).as("journalled although the application stopped").exists();
        assertThat(logger.at("WARN")).anyMatch(l -> l.contains("late.mp4") && l.contains("next start"));

        start();
        Await.until("uploaded at the next start", () -> Bucket.objects(bucket).containsKey("late.mp4"), logger::toString);
        assertThat(Bucket.objects(bucket).get("late.mp4")).isEqualTo(Files.readAllBytes(late));
    }

    @Test
    void deletesOriginalsOnlyAfterTheyAreVerified() throws Exception {
        app.getProperties().setProperty("s3UploadDeletOriginalFiles", true); // the original's misspelt name
        start();
        Path a = record("gone.mp4", 20_000);
        byte[] bytes = Files.readAllBytes(a);
        app.finishRecording(a, "gone");
        Await.until("original deleted", () -> !Files.exists(a), logger::toString);
        assertThat(Bucket.objects(bucket).get("gone.mp4")).isEqualTo(bytes);
    }

    @Test
    void anInvalidConfigurationLogsOneErrorJournalsAndUploadsOnceFixed() throws Exception {
        app.getProperties().remove("s3Upload.filesystem.root");
        app.getProperties().setProperty("s3UploadSecretKey", "TOPSECRET-VALUE");
        app.getProperties().setProperty("s3Upload.filesystem.password", "ANOTHER-SECRET");
        start();
        Path a = record("waiting.mp4", 1000);
        app.finishRecording(a, "waiting");
        Await.until("an ERROR", () -> !logger.at("ERROR").isEmpty(), logger::toString);
        assertThat(logger.at("ERROR")).hasSize(1).allMatch(l -> l.contains("root"));
        assertThat(a.resolveSibling("waiting.mp4.upload")).exists();
        module.onAppStop(app);

        app.getProperties().setProperty("s3Upload.filesystem.root", bucket.toString());
        start();
        Await.until("uploaded after the fix", () -> Bucket.objects(bucket).containsKey("waiting.mp4"), logger::toString);
        Await.until("marker gone", () -> !Files.exists(a.resolveSibling("waiting.mp4.upload")), logger::toString);
        assertThat(logger.toString()).doesNotContain("TOPSECRET-VALUE").doesNotContain("ANOTHER-SECRET")
                .contains("s3UploadSecretKey=****");
    }

    @Test
    void anUnreachableStorageAtStartIsRetriedWhileRecordingsAreJournalled() throws Exception {
        org.s3upload.wowza.host.FlakyStartProvider.CREATIONS.set(0);
        app.getProperties().setProperty("s3UploadTarget", "flaky-start");
        app.getProperties().setProperty("s3Upload.flaky-start.root", bucket.toString());
        app.getProperties().setProperty("s3Upload.flaky-start.failures", "2");
        app.getProperties().setProperty("s3Upload.flaky-start.apiKey", "KEY-THAT-MUST-NOT-SHOW");
        app.getProperties().setProperty("s3UploadRetryInitialDelay", "50");
        start();
        Path a = record("meanwhile.mp4", 5_000);
        app.finishRecording(a, "meanwhile");
        Await.until("uploaded", () -> Bucket.objects(bucket).containsKey("meanwhile.mp4"), logger::toString);
        assertThat(org.s3upload.wowza.host.FlakyStartProvider.CREATIONS.get()).isEqualTo(3);
        assertThat(logger.at("WARN")).filteredOn(l -> l.contains("storage unreachable")).hasSize(2);
        assertThat(logger.at("ERROR")).isEmpty();
        assertThat(logger.toString()).doesNotContain("KEY-THAT-MUST-NOT-SHOW").contains("s3Upload.flaky-start.apiKey=****");
    }

    @Test
    void anUnknownProviderIsOneClearError() throws Exception {
        app.getProperties().setProperty("s3UploadTarget", "nosuch");
        start();
        Await.until("an ERROR", () -> !logger.at("ERROR").isEmpty(), logger::toString);
        assertThat(logger.at("ERROR")).hasSize(1)
                .allMatch(l -> l.contains("nosuch") && l.contains("filesystem") && l.contains("flaky-start")
                        && l.contains("s3UploadTarget"));
    }

    @Test
    void settingsWithoutMeaningAreReportedOnce() throws Exception {
        app.getProperties().setProperty("s3UploadUseDefaultRegion", true);
        start();
        Await.until("started", () -> logger.toString().contains("started: provider"), logger::toString);
        assertThat(logger.at("INFO")).filteredOn(l -> l.contains("s3UploadUseDefaultRegion is not needed")).hasSize(1);
    }

    @Test
    void aMisspeltPropertyIsOneWarningNamingTheIntendedOne() throws Exception {
        app.getProperties().setProperty("s3UploadDeleteOrignalFiles", "false");
        start();
        Await.until("started", () -> logger.toString().contains("started: provider"), logger::toString);
        assertThat(logger.at("WARN")).filteredOn(l -> l.contains("s3UploadDeleteOrignalFiles"))
                .singleElement().asString().contains("did you mean s3UploadDeleteOriginalFiles?");
    }

    @Test
    void theRecorderOutputPathIsWhereKeysStartAndMarkersAreFound() throws Exception {
        Path out = Files.createDirectories(dir.resolve("recorder-out"));
        app.getStreamRecorderProperties().setProperty("streamRecorderOutputPath", out.toString());
        Path pending = out.resolve("cam/left.mp4");
        Files.createDirectories(pending.getParent());
        Files.write(pending, "left over".getBytes(StandardCharsets.UTF_8));
        Files.createFile(out.resolve("cam/left.mp4.upload"));
        start();
        Await.until("recovered", () -> Bucket.objects(bucket).containsKey("cam/left.mp4"), logger::toString);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("x.mp4");
        Files.write(elsewhere, "outside".getBytes(StandardCharsets.UTF_8));
        app.finishRecording(elsewhere, "x");
        Await.until("outside recording uploaded by file name", () -> Bucket.objects(bucket).containsKey("x.mp4"),
                logger::toString);
    }

    /**
     * s3UploadMaxBytesPerSecond reaches the filesystem provider's copy through the engine: at one
     * byte per second a recording is held (its copy waits in the engine's bucket), stopping the
     * application is not held up, and without the cap the next start uploads it.
     */
    @Test
    void theBandwidthCapHoldsUploadsAndStoppingIsNotHeldUp() throws Exception {
        app.getProperties().setProperty("s3UploadMaxBytesPerSecond", "1");
        start();
        awaitIdle();
        Path a = record("capped.mp4", 10_000);
        app.finishRecording(a, "capped");
        Await.until("the copy waits in the bandwidth bucket", () -> Thread.getAllStackTraces().values().stream()
                .anyMatch(stack -> java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith(".TokenBucket")
                        && f.getMethodName().equals("acquire"))), logger::toString);
        assertThat(Bucket.objects(bucket)).doesNotContainKey("capped.mp4");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> module.onAppStop(app), "onAppStop while an upload waits for the cap");
        assertThat(a.resolveSibling("capped.mp4.upload")).as("still journalled").exists();

        app.getProperties().remove("s3UploadMaxBytesPerSecond");
        start();
        Await.until("uploaded without the cap", () -> Bucket.objects(bucket).containsKey("capped.mp4"), logger::toString);
        assertThat(Bucket.objects(bucket).get("capped.mp4")).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void aBadBandwidthCapIsOneErrorNamingThePropertyAndNothingIsLost() throws Exception {
        app.getProperties().setProperty("s3UploadMaxBytesPerSecond", "fast");
        start();
        Path a = record("kept.mp4", 1000);
        app.finishRecording(a, "kept");
        Await.until("an ERROR", () -> !logger.at("ERROR").isEmpty(), logger::toString);
        assertThat(logger.at("ERROR")).hasSize(1)
                .allMatch(l -> l.contains("s3UploadMaxBytesPerSecond") && l.contains("'fast'") && l.contains("80Mbit"));
        assertThat(a.resolveSibling("kept.mp4.upload")).exists();
    }
}
