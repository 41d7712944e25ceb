package org.s3upload.wowza.engine;

import java.util.Collections;
import java.util.List;

/**
 * What an engine holds at one instant: its {@link EngineStatus} (the counts are derived from the
 * same instant as the recordings listed, so they always agree) and one {@link RecordingView} per
 * recording. Immutable; what JMX and other monitoring read.
 */
public final class EngineSnapshot {
    /** What the engine can do. */
    public enum Mode {
        /** The upload target is being created; recordings are journalled and handed over. */
        STARTING,
        /** Uploading. */
        RUNNING,
        /** No usable target (see {@link #lastError()}): recordings are only journalled until a restart. */
        JOURNAL_ONLY,
        /** Stopped: recordings are only journalled, for the next start. */
        STOPPED
    }

    private final Mode mode;
    private final boolean paused;
    private final EngineStatus status;
    private final List<RecordingView> recordings;
    private final long currentBytesPerSecond;
    private final long oneMinuteBytesPerSecond;
    private final String lastError;
    private final String targetFingerprint;
    private final long takenAt;

    EngineSnapshot(Mode mode, boolean paused, EngineStatus status, List<RecordingView> recordings,
                   long currentBytesPerSecond, long oneMinuteBytesPerSecond, String lastError, String targetFingerprint,
                   long takenAt) {
        this.targetFingerprint = targetFingerprint;
        this.mode = mode;
        this.paused = paused;
        this.status = status;
        this.recordings = Collections.unmodifiableList(recordings);
        this.currentBytesPerSecond = currentBytesPerSecond;
        this.oneMinuteBytesPerSecond = oneMinuteBytesPerSecond;
        this.lastError = lastError;
        this.takenAt = takenAt;
    }

    public Mode mode() {
        return mode;
    }

    /** True while an operator paused uploading ({@link UploadEngine#pause()}). */
    public boolean paused() {
        return paused;
    }

    public EngineStatus status() {
        return status;
    }

    /** Every recording the engine holds (uploaded ones are forgotten), oldest report first. */
    public List<RecordingView> recordings() {
        return recordings;
    }

    /** Payload bytes per second over the last few seconds. */
    public long currentBytesPerSecond() {
        return currentBytesPerSecond;
    }

    /** Payload bytes per second over the last minute. */
    public long oneMinuteBytesPerSecond() {
        return oneMinuteBytesPerSecond;
    }

    /** The most recent failure (of an attempt, or why there is no target), unmasked; null if none. */
    public String lastError() {
        return lastError;
    }

    /** Where uploads go ({@code UploadTarget.fingerprint()}), unmasked; null without a target. */
    public String targetFingerprint() {
        return targetFingerprint;
    }

    /** When the snapshot was taken (epoch millis). */
    public long takenAt() {
        return takenAt;
    }
}
