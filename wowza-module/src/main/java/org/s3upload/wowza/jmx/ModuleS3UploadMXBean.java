package org.s3upload.wowza.jmx;

import java.util.List;

/**
 * One application instance's uploads, as JMX shows them (jconsole, VisualVM, a monitoring agent).
 * Registered as {@code org.s3upload:type=ModuleS3Upload,vhost=...,application=...,instance=...}
 * while the application runs. Every text is masked: no configured secret appears in it.
 */
public interface ModuleS3UploadMXBean {
    /** STARTING (target being created), RUNNING, PAUSED, JOURNAL_ONLY (no usable target) or STOPPED. */
    String getState();

    /** Recordings waiting for their delay, a retry or a worker (also while paused). */
    int getRecordingsPending();

    /** Recordings being uploaded now. */
    int getRecordingsUploading();

    /** Recordings that failed permanently and wait for a fix and a retry. */
    int getRecordingsFailed();

    /** Recordings Wowza reopened after reporting them finished: they wait for its next report. */
    int getRecordingsReopened();

    /** Recordings uploaded and verified since the application started. */
    long getRecordingsCompleted();

    /** Payload bytes sent since the application started. */
    long getBytesSent();

    /** Payload bytes per second over the last five seconds. */
    long getCurrentBytesPerSecond();

    /** Payload bytes per second over the last minute. */
    long getOneMinuteBytesPerSecond();

    /** Seconds since the oldest recording still pending was finished; 0 when none is pending. */
    long getOldestPendingAgeSeconds();

    /** Where uploads go ({@code UploadTarget.fingerprint()}); empty while there is no target. */
    String getTargetFingerprint();

    /** The most recent upload failure, or why there is no target; empty if none. */
    String getLastError();

    /** One row per recording not yet uploaded (uploaded ones are forgotten). */
    List<RecordingRow> getRecordings();

    /** Queues every permanently failed recording again (after the cause was fixed). */
    String retryFailed();

    /**
     * Retries one recording, by its name in {@link #getRecordings()} or its path: a failed one again,
     * a waiting one at once.
     *
     * @throws IllegalArgumentException no such recording (the message names it)
     */
    String retry(String nameOrPath);

    /**
     * Stops starting uploads, and pauses running ones through their provider (resumable ones keep
     * their completed parts); recordings Wowza finishes meanwhile are journalled and wait.
     */
    void pauseUploads();

    /** Resumes uploading after {@link #pauseUploads()}. */
    void resumeUploads();

    /** The bandwidth cap in force (s3UploadMaxBytesPerSecond, or as last set here), bytes per second; 0 for none. */
    long getMaxBytesPerSecond();

    /**
     * Caps the bytes per second all uploads of this application instance send together, at once
     * (also uploads waiting for the cap now); 0 removes the cap. Lasts until the application
     * restarts, when s3UploadMaxBytesPerSecond applies again.
     *
     * @throws IllegalArgumentException when negative
     */
    void setMaxBytesPerSecond(long bytesPerSecond);
}
