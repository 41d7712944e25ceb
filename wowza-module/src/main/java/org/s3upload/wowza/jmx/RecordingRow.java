package org.s3upload.wowza.jmx;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.management.openmbean.CompositeData;
import org.s3upload.wowza.engine.RecordingView;

/**
 * One row of the recordings table: a plain bean that the MXBean machinery turns into
 * {@code CompositeData} (and back, through {@link #from}, for a client's proxy). Times are ISO-8601
 * UTC; empty texts mean none.
 */
public final class RecordingRow {
    private final String name;
    private final String state;
    private final String key;
    private final long size;
    private final long bytesSent;
    private final int attempts;
    private final String nextAttempt;
    private final String lastError;

    public RecordingRow(String name, String state, String key, long size, long bytesSent, int attempts,
                        String nextAttempt, String lastError) {
        this.name = name;
        this.state = state;
        this.key = key;
        this.size = size;
        this.bytesSent = bytesSent;
        this.attempts = attempts;
        this.nextAttempt = nextAttempt;
        this.lastError = lastError;
    }

    /** The view's texts masked, empty where there is none. */
    static RecordingRow of(RecordingView v, UploadControls controls) {
        return new RecordingRow(text(controls.mask(v.name())), v.state(), text(controls.mask(v.key())), v.size(),
                v.bytesSent(), v.attempts(), v.nextAttemptAt() > 0 ? Instant.ofEpochMilli(v.nextAttemptAt()).truncatedTo(ChronoUnit.SECONDS).toString() : "",
                text(controls.mask(v.lastError())));
    }

    /** What the MXBean mapping calls to rebuild a row from its open-type form. */
    public static RecordingRow from(CompositeData cd) {
        return new RecordingRow((String) cd.get("name"), (String) cd.get("state"), (String) cd.get("key"),
                (Long) cd.get("size"), (Long) cd.get("bytesSent"), (Integer) cd.get("attempts"),
                (String) cd.get("nextAttempt"), (String) cd.get("lastError"));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** The path relative to the storage folder (or the absolute path): what {@code retry} takes. */
    public String getName() {
        return name;
    }

    /** WAITING, QUEUED, UPLOADING, FAILED or REOPENED. */
    public String getState() {
        return state;
    }

    public String getKey() {
        return key;
    }

    public long getSize() {
        return size;
    }

    public long getBytesSent() {
        return bytesSent;
    }

    public int getAttempts() {
        return attempts;
    }

    public String getNextAttempt() {
        return nextAttempt;
    }

    public String getLastError() {
        return lastError;
    }

    @Override
    public String toString() {
        return name + " " + state + (key.isEmpty() ? "" : " -> " + key) + " " + bytesSent + "/" + size + " bytes, "
                + attempts + " failed attempt(s)" + (nextAttempt.isEmpty() ? "" : ", next " + nextAttempt)
                + (lastError.isEmpty() ? "" : ", last error: " + lastError);
    }
}
