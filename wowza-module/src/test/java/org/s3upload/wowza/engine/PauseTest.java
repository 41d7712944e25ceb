package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.s3upload.api.UploadException;

/** An operator's pause: nothing starts, nothing is lost, and a stop while paused leaves every recording journalled. */
class PauseTest extends EngineTestBase {
    @Test
    void recordingsHeldByAPauseStayJournalledThroughAStopAndUploadAtTheNextStart() throws Exception {
        start(b -> { });
        engine.pause();
        Path r = record("held.mp4", "held while paused");
        engine.onRecordingFinished(r, "held");
        Await.until("queued", () -> engine.status().queued() == 1, log::toString);
        assertThat(engine.snapshot().paused()).isTrue();
        assertThat(target.started()).isEmpty();
        engine.close();
        assertThat(MarkerFiles.markerOf(r)).exists();

        reopenTarget();
        engine = UploadEngine.start(config().build(), target, log, null);
        awaitUploaded("held.mp4");
        assertThat(new String(store.objects().get("held.mp4"), StandardCharsets.UTF_8)).isEqualTo("held while paused");
        assertThat(engine.snapshot().paused()).as("a start is not paused").isFalse();
    }

    @Test
    void aRetryWhilePausedWaitsForTheResume() throws Exception {
        target.failNext(1, UploadException.Kind.PERMANENT);
        start(b -> { });
        Path r = record("f.mp4", "fails once");
        engine.onRecordingFinished(r, "f");
        Await.until("FAILED", () -> engine.status().failed() == 1, log::toString);
        engine.pause();
        assertThat(engine.retry("f.mp4")).isEqualTo("retrying f.mp4");
        Await.until("queued", () -> engine.status().queued() == 1, log::toString);
        assertThat(target.started()).hasSize(1);
        engine.resume();
        awaitUploaded("f.mp4");
        awaitIdle();
        assertThat(engine.status().completed()).isEqualTo(1);
    }
}
