package org.s3upload.api;

/**
 * Progress of one upload. Immutable.
 *
 * <ul>
 *   <li>{@code bytesSent}: payload bytes sent by this {@link Upload} (a resumed upload counts
 *   only what it sent itself, so a caller can see what a resume saved);</li>
 *   <li>{@code bytesDone}: bytes known to be stored remotely, including parts stored before a
 *   resume;</li>
 *   <li>{@code totalBytes}: size of the local file.</li>
 * </ul>
 */
public final class Progress {
    private final long bytesSent;
    private final long bytesDone;
    private final long totalBytes;

    public Progress(long bytesSent, long bytesDone, long totalBytes) {
        if (bytesSent < 0 || bytesDone < 0 || totalBytes < 0) {
            throw new IllegalArgumentException("negative progress: sent=" + bytesSent + " done=" + bytesDone + " total=" + totalBytes);
        }
        this.bytesSent = bytesSent;
        this.bytesDone = bytesDone;
        this.totalBytes = totalBytes;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long bytesDone() {
        return bytesDone;
    }

    public long totalBytes() {
        return totalBytes;
    }

    /** Fraction done in [0, 1]; 1 for an empty file. */
    public double fraction() {
        return totalBytes == 0 ? 1.0 : Math.min(1.0, (double) bytesDone / totalBytes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Progress)) {
            return false;
        }
        Progress p = (Progress) o;
        return bytesSent == p.bytesSent && bytesDone == p.bytesDone && totalBytes == p.totalBytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytesSent) * 31 * 31 + Long.hashCode(bytesDone) * 31 + Long.hashCode(totalBytes);
    }

    @Override
    public String toString() {
        return "Progress{sent=" + bytesSent + ", done=" + bytesDone + ", total=" + totalBytes + "}";
    }
}
