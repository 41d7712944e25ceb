package org.s3upload.wowza.engine;

/**
 * One recording an engine holds, as monitoring shows it: part of an {@link EngineSnapshot}.
 * Immutable. Times are epoch milliseconds, 0 when there is none.
 */
public final class RecordingView {
    private final String name;
    private final String path;
    private final String state;
    private final String key;
    private final long size;
    private final long bytesSent;
    private final int attempts;
    private final long nextAttemptAt;
    private final long finishedAt;
    private final String lastError;

    RecordingView(String name, String path, String state, String key, long size, long bytesSent, int attempts,
                  long nextAttemptAt, long finishedAt, String lastError) {
        this.name = name;
        this.path = path;
        this.state = state;
        this.key = key;
        this.size = size;
        this.bytesSent = bytesSent;
        this.attempts = attempts;
        this.nextAttemptAt = nextAttemptAt;
        this.finishedAt = finishedAt;
        this.lastError = lastError;
    }

    /** The recording's path relative to the storage folder holding it (with '/'), or its absolute path. */
    public String name() {
        return name;
    }

    /** The recording's absolute path. */
    public String path() {
        return path;
    }

    /**
     * WAITING (for its delay, a backoff or a busy key), QUEUED (for a worker, or for a resume while
     * uploads are paused), UPLOADING, FAILED (permanently, until a retry), or REOPENED (changed after
     * Wowza reported it finished: waits for Wowza's next report).
     */
    public String state() {
        return state;
    }

    /** The object key, once chosen; null before. */
    public String key() {
        return key;
    }

    /** The recording's size in bytes as reported finished; -1 when not known yet. */
    public long size() {
        return size;
    }

    /** Payload bytes the current (or last) attempt sent. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Failed attempts so far. */
    public int attempts() {
        return attempts;
    }

    /** When the next attempt is due (a delay or a backoff), or 0 when none is scheduled. */
    public long nextAttemptAt() {
        return nextAttemptAt;
    }

    /** When Wowza reported the recording finished. */
    public long finishedAt() {
        return finishedAt;
    }

    /** The last attempt's error, or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public String toString() {
        return name + " " + state + (key != null ? " -> " + key : "") + " size=" + size + " sent=" + bytesSent
                + " attempts=" + attempts + (lastError != null ? " lastError=" + lastError : "");
    }
}
