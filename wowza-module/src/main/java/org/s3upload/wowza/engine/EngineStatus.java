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
    private final int reopened;
    private final int foreign;

    EngineStatus(int waiting, int queued, int inFlight, int failed, long completed, long bytesSent,
                 long oldestPendingSince, boolean targetReady) {
        this(waiting, queued, inFlight, failed, completed, bytesSent, oldestPendingSince, targetReady, 0, 0);
    }

    EngineStatus(int waiting, int queued, int inFlight, int failed, long completed, long bytesSent,
                 long oldestPendingSince, boolean targetReady, int reopened, int foreign) {
        this.reopened = reopened;
        this.foreign = foreign;
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

    /**
     * Recordings that changed after Wowza reported them finished (Wowza reopened them): neither
     * uploaded nor deleted until Wowza reports them finished again, or the next start.
     */
    public int reopened() {
        return reopened;
    }

    /**
     * Markers in this engine's folders that belong to another application (shared content folder):
     * left untouched for their owner. Counted by the last marker scan.
     */
    public int foreign() {
        return foreign;
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
                + (reopened > 0 ? " reopened=" + reopened : "") + (foreign > 0 ? " foreign=" + foreign : "")
                + (targetReady ? "" : " target=NOT-CONFIGURED");
    }
}
