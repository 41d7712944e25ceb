package org.s3upload.examples.demo;

import java.nio.file.Path;

/** One recording as the demo sees it during a run. Confined to the demo's monitor thread. */
final class RecordingRow {
    enum State { WAITING, UPLOADING, RESUMING, RETRYING, UPLOADED, ALREADY_THERE, EARLIER_RUN, FAILED }

    final Path file;
    final String name;
    final long size;
    String key;
    State state = State.WAITING;
    /** Bytes the storage held when this run began (a recording finished earlier, or parts of an interrupted one). */
    long storedBefore;
    /** Bytes this run sent for it. */
    long sent;
    /** The module's byte count when the current attempt began, and what earlier attempts of this run sent. */
    long attemptBaseline = -1;
    long sentByEarlierAttempts;
    long startNanos;
    long endNanos;
    String problem;
    /** Filled by the demo's own check after the run. */
    String md5;
    Boolean verified;
    String verifyNote = "";

    RecordingRow(Path file, long size, String key) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.size = size;
        this.key = key;
    }

    boolean finished() {
        return state == State.UPLOADED || state == State.ALREADY_THERE || state == State.EARLIER_RUN;
    }

    boolean active() {
        return state == State.UPLOADING || state == State.RESUMING;
    }

    /** Seconds between the module's start of this upload and its verified end (or now). */
    double seconds(long nowNanos) {
        if (startNanos == 0) {
            return 0;
        }
        return ((endNanos != 0 ? endNanos : nowNanos) - startNanos) / 1e9;
    }

    long done() {
        return Math.min(size, storedBefore + sent);
    }
}
