package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.s3upload.api.Throttle;

/**
 * The engine's bandwidth cap with the api's in-memory target, which draws every byte from the
 * request's throttle (it passes the contract suite's throttle tests). A cap of one byte per second
 * holds a 10 KB recording back for hours: that it is not uploaded while capped, and is at once when
 * the cap is lifted, is behaviour, not timing.
 */
class EngineBandwidthTest extends EngineTestBase {
    private static final String TEN_KB = "x".repeat(10_000);

    @Test
    void everyUploadDrawsFromTheEnginesOneBucket() throws Exception {
        List<Throttle> seen = new CopyOnWriteArrayList<>();
        target.failWhen(request -> {
            seen.add(request.throttle());
            return null;
        });
        start(b -> b.maxBytesPerSecond(50_000_000));
        engine.onRecordingFinished(record("a.mp4", "first"), "a");
        engine.onRecordingFinished(record("b.mp4", "second"), "b");
        awaitUploaded("a.mp4");
        awaitUploaded("b.mp4");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).as("one bucket for all uploads of the engine").isSameAs(seen.get(1))
                .isInstanceOf(TokenBucket.class);
        assertThat(((TokenBucket) seen.get(0)).maxBytesPerSecond()).isEqualTo(50_000_000);
        engine.setMaxBytesPerSecond(1234);
        assertThat(((TokenBucket) seen.get(0)).maxBytesPerSecond()).as("a run-time change reaches that bucket").isEqualTo(1234);
    }

    @Test
    void aCapHoldsAnUploadBackUntilItIsLiftedAtRunTime() throws Exception {
        start(b -> b.maxBytesPerSecond(1));
        Path r = record("capped.mp4", TEN_KB);
        engine.onRecordingFinished(r, "capped");
        awaitAnUploadWaitingInTheBucket();
        assertThat(store.objects()).as("uploaded while capped at 1 byte/s").doesNotContainKey("capped.mp4");
        assertThat(engine.status().completed()).isZero();
        assertThat(engine.maxBytesPerSecond()).isEqualTo(1);

        engine.setMaxBytesPerSecond(0);
        awaitUploaded("capped.mp4");
        assertThat(engine.maxBytesPerSecond()).isZero();
        assertThat(log.at("INFO")).anyMatch(l -> l.contains("bandwidth cap changed from 1 bytes/s") && l.endsWith("to no cap"));
    }

    @Test
    void stoppingIsNotHeldUpByTheCapAndTheRecordingUploadsAtTheNextStart() throws Exception {
        start(b -> b.maxBytesPerSecond(1).shutdownTimeoutMillis(5_000));
        Path r = record("stopped.mp4", TEN_KB);
        engine.onRecordingFinished(r, "stopped");
        awaitAnUploadWaitingInTheBucket();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> engine.close(), "close() while an upload waits for the cap");
        assertThat(Files.exists(MarkerFiles.markerOf(r))).as("the recording stays journalled").isTrue();
        assertThat(store.objects()).doesNotContainKey("stopped.mp4");

        reopenTarget();
        engine = UploadEngine.start(config().build(), target, log, null);
        awaitUploaded("stopped.mp4");
    }

    /** Some thread (the target's upload thread) is blocked in {@link TokenBucket#acquire}: the cap holds it. */
    private void awaitAnUploadWaitingInTheBucket() {
        Await.until("an upload waits in the engine's bandwidth bucket", () -> Thread.getAllStackTraces().values().stream()
                .anyMatch(stack -> Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(TokenBucket.class.getName())
                        && f.getMethodName().equals("acquire"))), log::toString);
    }

    @Test
    void aNegativeCapIsRefusedAndTheCapKept() throws Exception {
        start(b -> b.maxBytesPerSecond(2_000_000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.setMaxBytesPerSecond(-1));
        assertThat(e.getMessage()).contains("-1").contains("0 for no cap");
        assertThat(engine.maxBytesPerSecond()).isEqualTo(2_000_000);
        assertThrows(IllegalArgumentException.class, () -> config().maxBytesPerSecond(-3).build());
    }
}
