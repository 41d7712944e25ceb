package org.s3upload.wowza.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.s3upload.api.Upload;

/**
 * The provider uploads one job holds: the running attempt's upload (paused at a stop, or by an
 * operator, with its resume token journalled) and the resume tokens of uploads begun for older
 * bytes, to abort before the next attempt. Guarded by the job's lock (its {@link MarkerJournal});
 * a provider is never called while it is held.
 */
final class JobUploads {
    private final JobContext ctx;
    private final MarkerJournal journal;

    // guarded by journal
    private Upload upload;
    /** The running upload was paused by an operator, not by a failure or a stop. */
    private boolean pausedByOperator;
    private final List<String> staleTokens = new ArrayList<>();

    JobUploads(JobContext ctx, MarkerJournal journal) {
        this.ctx = ctx;
        this.journal = journal;
    }

    /** The attempt started {@code u} for generation {@code gen}: it is paused at shutdown, and journalled as begun. */
    void started(Upload u, int gen) {
        synchronized (journal) {
            upload = u;
            Marker m = journal.marker();
            if (journal.current(gen) && m.state() != Marker.State.UPLOADING) {
                journal.update(gen, m.withState(Marker.State.UPLOADING));
            }
        }
    }

    /** The attempt is over: no upload runs, and an operator's pause of it is spent. */
    void attemptEndedLocked() {
        assert Thread.holdsLock(journal);
        upload = null;
        pausedByOperator = false;
    }

    /** Shutdown: what pauses the running upload (keeping its token), or null when none runs. */
    Runnable pauserLocked() {
        assert Thread.holdsLock(journal);
        final Upload u = upload;
        final int gen = journal.generation();
        return u == null ? null : () -> pause(u, gen);
    }

    /**
     * An operator paused uploading: a running upload is paused through the provider (its token
     * journalled, so it resumes from its completed parts); the attempt then ends as {@link RecordingJob.Next#PAUSED}.
     */
    void pauseForOperator() {
        final Upload u;
        final int gen;
        synchronized (journal) {
            u = upload;
            gen = journal.generation();
            if (u == null) {
                return;
            }
            pausedByOperator = true;
        }
        pause(u, gen);
    }

    /** True when the running attempt's upload was paused by an operator (the attempt ends as PAUSED). */
    boolean pausedByOperator() {
        synchronized (journal) {
            return pausedByOperator;
        }
    }

    void pause(Upload u, int gen) {
        try {
            Optional<String> token = u.pause();
            if (token.isPresent()) {
                journal.updateToken(gen, token.get());
            }
        } catch (RuntimeException e) {
            ctx.log().warn("pausing the upload of " + journal.recording() + " failed: " + e);
        }
    }

    /** The upload behind {@code token} was begun for older bytes: aborted before the next attempt. */
    void stale(String token) {
        synchronized (journal) {
            staleTokens.add(token);
        }
    }

    /** Resume tokens of older bytes' uploads, to abort before the next attempt. */
    List<String> takeStaleTokens() {
        synchronized (journal) {
            List<String> out = new ArrayList<>(staleTokens);
            staleTokens.clear();
            return out;
        }
    }
}
