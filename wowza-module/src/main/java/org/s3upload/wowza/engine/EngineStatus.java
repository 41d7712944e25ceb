package org.s3upload.wowza.engine;

/** A snapshot of the engine's work. Immutable. */
public final class EngineStatus {
    private final int waiting;
    private final int queued;
    private final int inFlight;
    private final int failed;
    private final long completed;
    private final long bytesSent;
    private final long oldestPendingSince;
    private final boolean targetReady;

    EngineStatus(int waiting, int queued, int inFlight, int failed, long completed, long bytesSent,
                 long oldestPendingSince, boolean targetReady) {
        this.waiting = waiting;
        this.queued = queued;
        this.inFlight = inFlight;
        this.failed = failed;
        this.completed = completed;
        this.bytesSent = bytesSent;
        this.oldestPendingSince = oldestPendingSince;
        this.targetReady = targetReady;
    }

    /** Recordings waiting for their delay or for a retry. */
    public int waiting() {
        return waiting;
    }

    /** Recordings waiting for a free worker. */
    public int queued() {
        return queued;
    }

    /** Recordings being uploaded now. */
    public int inFlight() {
        return inFlight;
    }

    /** Recordings that failed permanently and wait for a fix (see {@link UploadEngine#retryFailed()}). */
    public int failed() {
        return failed;
    }

    /** Recordings uploaded and verified since the engine started. */
    public long completed() {
        return completed;
    }

    /** Payload bytes sent since the engine started. */
    public long bytesSent() {
        return bytesSent;
    }

    /** When the oldest recording not yet uploaded was finished (epoch millis), or 0 if none. */
    public long oldestPendingSince() {
        return oldestPendingSince;
    }

    /** False when no target could be configured: recordings are only journalled. */
    public boolean targetReady() {
        return targetReady;
    }

    /** True when nothing waits, queues or runs (failed recordings do not count). */
    public boolean idle() {
        return waiting == 0 && queued == 0 && inFlight == 0;
    }

    @Override
    public String toString() {
        return "waiting=" + waiting + " queued=" + queued + " inFlight=" + inFlight + " failed=" + failed
                + " completed=" + completed + " bytesSent=" + bytesSent
                + (oldestPendingSince > 0 ? " oldestPendingAgeSec=" + (System.currentTimeMillis() - oldestPendingSince) / 1000 : "")
                + (targetReady ? "" : " target=NOT-CONFIGURED");
    }
}
