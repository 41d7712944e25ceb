package org.s3upload.examples.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of every recording of a run, driven by the module's events and by the byte counter of
 * its status. The module uploads one recording at a time here, so the bytes counted since the
 * current upload began belong to it. Confined to the demo's monitor thread; call {@link #apply}
 * before {@link #bytesSent} on each look.
 */
final class UploadBoard {
    private final Map<Path, RecordingRow> rows = new LinkedHashMap<>();
    private RecordingRow inFlight;
    private long sentThisRun;
    private String fatal;
    private int targetRetries;
    private final long startNanos = System.nanoTime();

    void add(RecordingRow row) {
        rows.put(row.file.toAbsolutePath().normalize(), row);
    }

    List<RecordingRow> rows() {
        return Collections.unmodifiableList(new ArrayList<>(rows.values()));
    }

    /** The module's total of bytes sent in this run (its status), read now. */
    void bytesSent(long total) {
        sentThisRun = Math.max(sentThisRun, total);
        if (inFlight != null && inFlight.attemptBaseline >= 0) {
            inFlight.sent = inFlight.sentByEarlierAttempts + Math.max(0, total - inFlight.attemptBaseline);
        }
    }

    /** Applies the module's events; returns lines worth telling the user. */
    List<String> apply(List<ModuleEvent> events, int giveUpAfterAttempts) {
        List<String> notes = new ArrayList<>();
        long now = System.nanoTime();
        for (ModuleEvent e : events) {
            RecordingRow row = e.recording == null ? null : rows.get(e.recording);
            switch (e.kind) {
                case STARTED:
                case RESUMED:
                    if (row != null) {
                        row.state = e.kind == ModuleEvent.Kind.RESUMED ? RecordingRow.State.RESUMING : RecordingRow.State.UPLOADING;
                        row.key = e.key;
                        if (row.startNanos == 0) {
                            row.startNanos = now;
                        }
                        row.sentByEarlierAttempts = row.sent;
                        row.attemptBaseline = e.sentBefore;
                        inFlight = row;
                        notes.add(row.name + ": " + (e.kind == ModuleEvent.Kind.RESUMED ? "resuming" : "uploading")
                                + " -> " + e.key + (e.number > 1 ? " (attempt " + e.number + ")" : ""));
                    }
                    break;
                case UPLOADED:
                case ALREADY_THERE:
                    if (row != null) {
                        row.key = e.key;
                        row.endNanos = now;
                        if (row.startNanos == 0) {
                            row.startNanos = now;
                        }
                        if (e.kind == ModuleEvent.Kind.ALREADY_THERE) {
                            row.state = RecordingRow.State.ALREADY_THERE;
                            row.sent = 0;
                            row.storedBefore = row.size;
                        } else {
                            row.state = RecordingRow.State.UPLOADED;
                            if (e.number >= 0) {
                                row.sent = e.number;
                            } else if (row.storedBefore == 0) {
                                row.sent = row.size;
                            }
                        }
                        if (inFlight == row) {
                            inFlight = null;
                        }
                        notes.add(row.name + ": " + (e.kind == ModuleEvent.Kind.ALREADY_THERE
                                ? "already stored, nothing sent" : "uploaded and verified by the module")
                                + " (" + Units.mib(row.sent) + " sent in " + String.format("%.2f", row.seconds(now)) + " s)");
                    }
                    break;
                case RESUME_REFUSED:
                    if (row != null) {
                        row.storedBefore = 0;
                    }
                    notes.add((row != null ? row.name : String.valueOf(e.recording)) + ": cannot resume (" + e.text
                            + "); the module uploads it from the start");
                    break;
                case RETRYING:
                    if (row != null) {
                        row.state = RecordingRow.State.RETRYING;
                        row.problem = e.text;
                        if (inFlight == row) {
                            inFlight = null;
                        }
                        if (e.number >= giveUpAfterAttempts) {
                            fatal = row.name + " failed " + e.number + " times, last: " + e.text;
                        }
                    }
                    notes.add("module: " + e.text + " (" + (row != null ? row.name : e.recording) + ", attempt " + e.number
                            + "; the module retries)");
                    break;
                case FAILED:
                    if (row != null) {
                        row.state = RecordingRow.State.FAILED;
                        row.problem = e.text;
                    }
                    fatal = (row != null ? row.name : String.valueOf(e.recording)) + " failed permanently: " + e.text;
                    break;
                case TARGET_RETRYING:
                    targetRetries++;
                    notes.add("module: cannot create the upload target yet: " + e.text);
                    if (targetRetries >= giveUpAfterAttempts) {
                        fatal = "the module cannot create the upload target: " + e.text;
                    }
                    break;
                case UNUSABLE:
                    fatal = "the module cannot use its configuration: " + e.text;
                    break;
                default:
                    if (!"INFO".equals(e.level)) {
                        notes.add("module " + e.level + ": " + e.text);
                    }
                    break;
            }
        }
        return notes;
    }

    /** Why the run cannot succeed, or null. */
    String fatal() {
        return fatal;
    }

    long sentThisRun() {
        return sentThisRun;
    }

    long totalBytes() {
        long t = 0;
        for (RecordingRow r : rows.values()) {
            t += r.size;
        }
        return t;
    }

    long storedBefore() {
        long t = 0;
        for (RecordingRow r : rows.values()) {
            t += r.storedBefore;
        }
        return t;
    }

    /** Bytes the storage holds by now, as far as the demo can tell. */
    long doneBytes() {
        return Math.min(totalBytes(), storedBefore() + sentThisRun);
    }

    int finishedCount() {
        int n = 0;
        for (RecordingRow r : rows.values()) {
            n += r.finished() ? 1 : 0;
        }
        return n;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
