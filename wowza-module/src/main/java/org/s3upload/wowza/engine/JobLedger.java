package org.s3upload.wowza.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's jobs and where each stands, with the count of recordings uploaded, under one lock:
 * a job's last move (to DONE) and its count as uploaded are one step here, so a {@link #snapshot}
 * sees every recording in exactly one place. Every move is published by the job under its own
 * lock, which is taken before this one and never while this one is held (this lock is a leaf).
 */
final class JobLedger {
    private final Map<RecordingJob, JobState> states = new LinkedHashMap<>();
    private long uploaded;
    private String lastError;

    /** A job this engine owns from now on, in the state it has (before its first move). */
    synchronized void add(RecordingJob job, JobState state) {
        states.put(job, state);
    }

    /** The job is no longer this engine's (released, or the engine stopped). */
    synchronized void remove(RecordingJob job) {
        states.remove(job);
    }

    /**
     * The job moved to {@code next}; a move to DONE forgets it, and counts it as uploaded when
     * {@code uploaded}. Moves of a job not (or no longer) owned are ignored.
     */
    synchronized void moved(RecordingJob job, JobState next, boolean uploaded) {
        if (!states.containsKey(job)) {
            return;
        }
        if (next == JobState.DONE) {
            states.remove(job);
            if (uploaded) {
                this.uploaded++;
            }
        } else {
            states.put(job, next);
        }
    }

    /** The most recent failure of an attempt (as logged), for monitoring. */
    synchronized void failed(String message) {
        lastError = message;
    }

    synchronized List<RecordingJob> jobs() {
        return new ArrayList<>(states.keySet());
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(new LinkedHashMap<>(states), uploaded, lastError);
    }

    /** The ledger at one instant. */
    static final class Snapshot {
        final Map<RecordingJob, JobState> states;
        final long uploaded;
        final String lastError;

        Snapshot(Map<RecordingJob, JobState> states, long uploaded, String lastError) {
            this.states = states;
            this.uploaded = uploaded;
            this.lastError = lastError;
        }
    }
}
