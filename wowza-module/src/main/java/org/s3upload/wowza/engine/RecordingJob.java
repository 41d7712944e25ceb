package org.s3upload.wowza.engine;

import java.nio.file.Path;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadException;

/**
 * One recording in one engine: its {@link JobState} and the moves between states (scheduling,
 * queueing, a new finish report, a retry, a stop). The attempt itself is {@link UploadAttempt};
 * the durable record is {@link MarkerJournal}, whose monitor is this job's lock too. The timer and
 * the queueing are {@link JobSchedule}, the provider's uploads {@link JobUploads}; both share the
 * lock. Network I/O never happens while the lock is held.
 */
final class RecordingJob implements Runnable {
    /** How soon a recording waiting for its key (busy with another recording) looks again. */
    static final long KEY_BUSY_RETRY_MILLIS = 1_000;

    /** What the worker does after an attempt. */
    enum Next {
        /** Over: verified and uploaded by this attempt or an earlier one (counted as uploaded). */
        UPLOADED,
        /** Over otherwise: followed to its new name, or gone. */
        DONE,
        RESCHEDULED, FAILED, AWAIT_REPORT, STOPPED,
        /** Paused by an operator ({@link #pauseForOperator}): queued again, for the resume. */
        PAUSED
    }

    private final JobContext ctx;
    private final MarkerJournal journal;
    private final Path claimPath;
    private final UploadAttempt attempt;
    private final JobSchedule schedule;
    private final JobUploads uploads;

    // guarded by journal
    private JobState state = JobState.WAITING;
    private boolean inRun;

    private volatile boolean recovered;
    /** Retried by the periodic round: the same failure again is not logged again. */
    private volatile boolean roundRetry;
    private volatile long lastBytesSent;

    /** {@code initial} is set before the job is published, so other threads never see it without a marker. */
    RecordingJob(JobContext ctx, Path recording, boolean external, Marker initial) {
        this.ctx = ctx;
        this.journal = new MarkerJournal(ctx, recording, external, initial);
        this.claimPath = LocalFile.claimPath(recording);
        this.schedule = new JobSchedule(ctx, this, journal);
        this.uploads = new JobUploads(ctx, journal);
        this.attempt = new UploadAttempt(ctx, this, journal);
    }

    Path recording() {
        return journal.recording();
    }

    /** The path engines of this JVM claim the recording by. */
    Path claimPath() {
        return claimPath;
    }

    JobState state() {
        synchronized (journal) {
            return state;
        }
    }

    Marker marker() {
        return journal.marker();
    }

    /** The state, for {@link JobSchedule}; the caller holds this job's lock. */
    JobState stateLocked() {
        assert Thread.holdsLock(journal);
        return state;
    }

    /** True while a worker runs an attempt of this job; the caller holds this job's lock. */
    boolean inRunLocked() {
        assert Thread.holdsLock(journal);
        return inRun;
    }

    /** A move made by {@link JobSchedule}; the caller holds this job's lock. */
    void moveToLocked(JobState next) {
        assert Thread.holdsLock(journal);
        moveTo(next, false);
    }

    private void moveTo(JobState next) {
        moveTo(next, false);
    }

    /** Every move is published to the engine's ledger in the same step (under this job's lock). */
    private void moveTo(JobState next, boolean uploaded) {
        state = state.check(next);
        ctx.moved(this, next, uploaded);
    }

    /** When the next attempt is due (epoch millis), or 0 when no timer runs. */
    long nextAttemptAt() {
        return schedule.nextAttemptAt();
    }

    /** The provider's uploads this job holds: the running one, and older bytes' to abort. */
    JobUploads uploads() {
        return uploads;
    }

    /**
     * Schedules the first attempt.
     *
     * @param journalFirst false when the marker on disk already says what this job holds (a
     *     recovered marker read unchanged): rewriting it would cost one durable write per marker at
     *     start-up, which dominated the recovery of thousands of markers, and protect nothing
     */
    void begin(long delayMillis, boolean journalFirst) {
        if (journalFirst) {
            journal.persist("journalling");
        }
        schedule(delayMillis);
    }

    /**
     * Starts a job recovery found; a marker it {@code changed} (adopted or retried) is written when
     * the first attempt starts, not now (see {@link MarkerJournal#persistBeforeNextAttempt}).
     */
    void beginRecovered(long delayMillis, boolean changed) {
        if (changed) {
            journal.persistBeforeNextAttempt();
        }
        schedule(delayMillis);
    }

    /**
     * Wowza reported the recording finished (again). The same bytes are ignored (uploaded once).
     * Other bytes: if the bytes the marker describes were renamed by Wowza's recorder versioning,
     * their marker moves with them first; then the marker describes the new bytes, and work begun
     * for the older ones cannot complete as this recording's.
     *
     * @param fp null when the bytes cannot be read now (the attempt reads them)
     * @return false when this job is over, and the caller must start a new one
     */
    boolean notified(FileFingerprint fp, String fileKey, String stream) {
        boolean running;
        synchronized (journal) {
            if (state == JobState.DONE || journal.isGone()) {
                return false;
            }
            Marker m = journal.marker();
            if (fp != null && m.size() >= 0 && m.describes(fp)) {
                ctx.log().debug("recording " + recording() + " reported finished again with the same content; uploaded once");
                if (state != JobState.AWAITING_REPORT) {
                    return true;
                }
            } else {
                Path renamed = m.size() >= 0 ? RecorderRenames.find(recording(), m) : null;
                if (renamed != null) {
                    ctx.log().info("recording " + recording() + " was renamed to " + renamed + " by the recorder before its"
                            + " upload; its marker moves with it and " + recording() + " is a new recording");
                    ctx.followRename(renamed, m);
                }
                roundRetry = false;
                String stale = journal.newBytes(fp, fileKey, stream);
                if (stale != null) {
                    uploads.stale(stale);
                }
            }
            running = state == JobState.RUNNING;
            if (running) {
                ctx.log().info("recording " + recording() + " was reported finished with new content while it was"
                        + " uploading; the new content follows");
            }
        }
        if (!running) {
            schedule(ctx.config().delayMillis());
        }
        return true;
    }

    /** Puts a permanently failed recording back in the queue; false if it had not failed. */
    boolean retry(boolean quietly) {
        Marker m;
        synchronized (journal) {
            if (state != JobState.FAILED) {
                return false;
            }
            m = journal.update(journal.generation(), journal.marker().retried());
            moveTo(JobState.WAITING);
        }
        roundRetry = quietly;
        if (!quietly) {
            ctx.log().info("retrying " + recording() + (m != null && m.key() != null ? " -> " + m.key() : ""));
        }
        schedule.enqueue();
        return true;
    }

    /** The next attempt runs after {@code delayMillis} (at once when 0), unless the job is over or running. */
    void schedule(long delayMillis) {
        schedule.schedule(delayMillis);
    }

    /** From inside an attempt: the next one runs after {@code delayMillis}. */
    void reschedule(long delayMillis) {
        schedule.reschedule(delayMillis);
    }

    @Override
    public void run() {
        int gen;
        synchronized (journal) {
            if (state != JobState.QUEUED || inRun) {
                return;
            }
            moveTo(JobState.RUNNING);
            inRun = true;
            gen = journal.generation();
        }
        Next next;
        try {
            journal.persistUnsaved("journalling");
            next = attempt.run(gen);
        } catch (RuntimeException | Error e) {
            ctx.log().error("unexpected failure uploading " + recording() + " (a bug; please report it): " + e, e);
            next = attempt.failed(gen, UploadException.retryable("unexpected failure: " + e, e));
        }
        boolean again = false;
        boolean resubmit;
        synchronized (journal) {
            inRun = false;
            uploads.attemptEndedLocked();
            if (next == Next.DONE || next == Next.UPLOADED) {
                schedule.cancelLocked();
                moveTo(JobState.DONE, next == Next.UPLOADED);
            } else if (journal.generation() != gen && !journal.isGone()) {
                // Reported finished with other bytes while this attempt ran: start over with them.
                schedule.cancelLocked();
                moveTo(JobState.WAITING);
                again = true;
            } else if (next == Next.FAILED) {
                moveTo(JobState.FAILED);
            } else if (next == Next.AWAIT_REPORT) {
                moveTo(JobState.AWAITING_REPORT);
            } else if (next == Next.PAUSED) {
                moveTo(JobState.QUEUED); // held by the engine until uploads resume, then resumed from its token
            } else if (state == JobState.RUNNING) {
                moveTo(JobState.WAITING); // stopped, or nothing scheduled: the next start picks it up
            }
            resubmit = state == JobState.QUEUED;
        }
        if (next == Next.DONE || next == Next.UPLOADED) {
            ctx.finished(this);
        } else if (again) {
            schedule(ctx.config().delayMillis());
        } else if (resubmit && !ctx.execute(this)) {
            synchronized (journal) {
                moveTo(JobState.WAITING);
            }
        }
    }

    /** Shutdown: cancels a pending timer; returns what pauses a running upload (keeping its token), or null. */
    Runnable stop() {
        synchronized (journal) {
            schedule.cancelLocked();
            return uploads.pauserLocked();
        }
    }

    /** Marks a job made by recovery at start (its marker predates this start). */
    void recovered() {
        recovered = true;
    }

    boolean isRecovered() {
        return recovered;
    }

    /** True while this attempt is a retry of the periodic round (its routine lines are DEBUG). */
    boolean isRoundRetry() {
        return roundRetry;
    }

    long bytesSent() {
        return lastBytesSent;
    }

    void bytesSent(long sent) {
        lastBytesSent = sent;
    }

    @Override
    public String toString() {
        return "RecordingJob{" + recording() + "}";
    }
}
