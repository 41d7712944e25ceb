package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.s3upload.api.UploadException;

/**
 * A status taken while recordings finish must add up: every recording reported is in exactly one
 * place (waiting, queued, uploading, failed, reopened or completed), never in two and never in none.
 * Before the engine published a job's completion and its last state change in one step, a job was
 * counted completed while it was still counted uploading (51 of 50 in the benchmarks' smoke test).
 */
class SnapshotConsistencyTest extends EngineTestBase {
    static final int PARKED = 300;
    static final int UPLOADED = 200;

    @Test
    void everyStatusTakenWhileUploadsFinishAddsUpToTheRecordingsReported() throws Exception {
        // Many failed recordings make each status walk a long list while others complete.
        target.failWhen(r -> r.key().startsWith("parked/") ? UploadException.permanent("refused on purpose", null) : null);
        start(b -> b.maxConcurrentUploads(4));
        List<Path> parked = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            parked.add(record("parked/p" + i + ".mp4", "parked " + i));
        }
        for (Path p : parked) {
            engine.onRecordingFinished(p, "parked");
        }
        Await.until("every parked recording failed", () -> engine.status().failed() == PARKED, log::toString);
        target.holdUploads();
        List<Path> uploads = new ArrayList<>();
        for (int i = 0; i < UPLOADED; i++) {
            uploads.add(record("go/g" + i + ".mp4", "uploaded " + i));
        }
        for (Path p : uploads) {
            engine.onRecordingFinished(p, "go");
        }
        target.releaseUploads();
        int checked = 0;
        EngineStatus s;
        do {
            s = engine.status();
            long accounted = s.waiting() + s.queued() + s.inFlight() + s.failed() + s.reopened() + s.completed();
            assertThat(accounted).as("recordings accounted for in %s (check %d)", s, checked).isEqualTo(PARKED + UPLOADED);
            checked++;
        } while (s.completed() < UPLOADED);
        assertThat(s.failed()).isEqualTo(PARKED);
    }
}
