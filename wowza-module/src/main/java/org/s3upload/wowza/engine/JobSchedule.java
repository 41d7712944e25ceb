package org.s3upload.wowza.engine;

import java.util.concurrent.ScheduledFuture;

/**
 * When one job's next attempt runs: the timer of its wait (delay, backoff, a busy key) and its move
 * from WAITING to the queue when the wait is over. The state it moves is the {@link RecordingJob}'s,
 * under the job's lock (its {@link MarkerJournal}), which this class shares: the timer is guarded by
 * it too, and methods named {@code ...Locked} expect it held.
 */
final class JobSchedule {
    private final JobContext ctx;
    private final RecordingJob job;
    private final MarkerJournal lock;

    // guarded by lock
    private ScheduledFuture<?> timer;
    /** When {@link #timer} fires (epoch millis), 0 without one. */
    private long timerDueAt;

    JobSchedule(JobContext ctx, RecordingJob job, MarkerJournal lock) {
        this.ctx = ctx;
        this.job = job;
        this.lock = lock;
    }

    /** When the next attempt is due (epoch millis), or 0 when no timer runs. */
    long nextAttemptAt() {
        synchronized (lock) {
            return timer == null ? 0 : timerDueAt;
        }
    }

    /** The next attempt runs after {@code delayMillis} (at once when 0), unless the job is over or running. */
    void schedule(long delayMillis) {
        synchronized (lock) {
            JobState state = job.stateLocked();
            if (state == JobState.DONE || state == JobState.RUNNING) {
                return;
            }
            cancelLocked();
            job.moveToLocked(JobState.WAITING);
            if (delayMillis > 0) {
                setLocked(delayMillis);
                return;
            }
        }
        enqueue();
    }

    /** From inside an attempt: the next one runs after {@code delayMillis}. */
    void reschedule(long delayMillis) {
        synchronized (lock) {
            job.moveToLocked(JobState.WAITING);
            cancelLocked();
            setLocked(delayMillis);
        }
    }

    /** A WAITING job goes to the queue, and to a worker unless one still runs it. */
    void enqueue() {
        synchronized (lock) {
            if (job.stateLocked() != JobState.WAITING) {
                return;
            }
            timer = null;
            job.moveToLocked(JobState.QUEUED);
            if (job.inRunLocked()) {
                // A worker is still finishing the previous attempt; it submits this one when done,
                // so one recording never runs on two workers at once.
                return;
            }
        }
        if (!ctx.execute(job)) {
            synchronized (lock) {
                if (job.stateLocked() == JobState.QUEUED) {
                    job.moveToLocked(JobState.WAITING);
                }
            }
        }
    }

    void cancelLocked() {
        assert Thread.holdsLock(lock);
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void setLocked(long delayMillis) {
        timerDueAt = System.currentTimeMillis() + delayMillis;
        timer = ctx.schedule(this::enqueue, delayMillis);
    }
}
