package org.s3upload.wowza.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of one recording in an engine: the only place that lists its states and the moves
 * between them. {@link RecordingJob} makes every move through {@link #check}, under the
 * recording's lock; a move not listed here is a bug and fails loudly.
 *
 * <pre>
 *  state            means                                         journalled first (marker)
 *  WAITING          a timer runs: delay, backoff, busy key        PENDING (or UPLOADING with a token)
 *  QUEUED           waits for a free worker (while an operator    unchanged
 *                   paused uploads: for the resume)
 *  RUNNING          one worker runs an attempt                    UPLOADING + token, once started
 *  AWAITING_REPORT  the file changed after its finish report      unchanged: still the reported bytes
 *                   (Wowza reopened it); nothing is uploaded or
 *                   deleted until Wowza reports it again or the
 *                   next start finds it unchanged since
 *  FAILED           failed permanently; retried by the slow       FAILED + the error
 *                   round, a retry request or the next start
 *  DONE             verified and forgotten, followed to its new   marker deleted (or moved with the
 *                   name, or gone; the job is dropped              recording, or set aside)
 *
 *  WAITING  -> QUEUED (timer) | DONE (stopped before it ran)
 *  QUEUED   -> RUNNING (worker) | WAITING (pool refused: shutting down)
 *  RUNNING  -> WAITING (retry later, key busy, new report) | QUEUED (new report while running,
 *              or its upload paused by an operator: it waits for the resume)
 *            | AWAITING_REPORT | FAILED | DONE
 *  AWAITING_REPORT -> WAITING (new report) | DONE (stopped)
 *  FAILED   -> WAITING (retry round, retry request, new report) | DONE (stopped)
 * </pre>
 *
 * A new finish report of other bytes is journalled (the marker describes them, generation + 1)
 * before any move, so every state above can be re-entered from the journal after a crash.
 */
enum JobState {
    WAITING, QUEUED, RUNNING, AWAITING_REPORT, FAILED, DONE;

    private static final Map<JobState, Set<JobState>> ALLOWED = new EnumMap<>(JobState.class);

    static {
        ALLOWED.put(WAITING, EnumSet.of(WAITING, QUEUED, DONE));
        ALLOWED.put(QUEUED, EnumSet.of(QUEUED, RUNNING, WAITING, DONE));
        ALLOWED.put(RUNNING, EnumSet.of(RUNNING, WAITING, QUEUED, AWAITING_REPORT, FAILED, DONE));
        ALLOWED.put(AWAITING_REPORT, EnumSet.of(AWAITING_REPORT, WAITING, DONE));
        ALLOWED.put(FAILED, EnumSet.of(FAILED, WAITING, DONE));
        ALLOWED.put(DONE, Collections.singleton(DONE));
    }

    /** True while the recording still needs work (FAILED waits for a fix, AWAITING_REPORT for Wowza). */
    boolean pending() {
        return this == WAITING || this == QUEUED || this == RUNNING;
    }

    /** Returns {@code next} if this state may become it; throws (a bug) otherwise. */
    JobState check(JobState next) {
        if (!ALLOWED.get(this).contains(next)) {
            throw new IllegalStateException("a recording cannot go from " + this + " to " + next);
        }
        return next;
    }
}
