package org.s3upload.examples.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Live progress: on a terminal a block of lines (one per recording and a total) redrawn in place
 * with ANSI escapes; otherwise (a pipe, a CI log) plain lines, one per event and a total about
 * once a second.
 */
final class ProgressDisplay {
    private static final int BAR = 24;
    private static final long PLAIN_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final boolean ansi;
    private int drawnLines;
    private long lastPlainNanos;
    private String lastPlainState = "";

    ProgressDisplay(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    /** Prints {@code line} above the live block (or as it is, in plain mode). */
    void note(String line) {
        if (ansi) {
            clearBlock();
        }
        out.println(line);
        out.flush();
    }

    void render(UploadBoard board, boolean force) {
        long now = System.nanoTime();
        if (ansi) {
            List<String> lines = lines(board, now);
            if (drawnLines > 0) {
                out.print("\033[" + drawnLines + "F");
            }
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append("\033[2K").append(l).append('\n');
            }
            out.print(sb);
            out.flush();
            drawnLines = lines.size();
            return;
        }
        if (!force && now - lastPlainNanos < PLAIN_INTERVAL_NANOS) {
            return;
        }
        String state = board.doneBytes() + "/" + board.finishedCount();
        if (force && state.equals(lastPlainState)) {
            return;
        }
        lastPlainNanos = now;
        lastPlainState = state;
        StringBuilder sb = new StringBuilder(totalLine(board));
        for (RecordingRow r : board.rows()) {
            if (r.active()) {
                sb.append(" | ").append(r.name).append(' ').append(Units.mib(r.done())).append(" of ")
                        .append(Units.mib(r.size)).append(", ").append(Units.rate(r.sent, r.seconds(now))).append(" MiB/s");
            }
        }
        out.println(sb);
        out.flush();
    }

    /** Leaves the last drawing on screen and continues below it. */
    void finish(UploadBoard board) {
        render(board, true);
        drawnLines = 0;
    }

    private void clearBlock() {
        if (drawnLines > 0) {
            out.print("\033[" + drawnLines + "F\033[J");
            drawnLines = 0;
        }
    }

    private List<String> lines(UploadBoard board, long now) {
        List<String> lines = new ArrayList<>();
        for (RecordingRow r : board.rows()) {
            lines.add(String.format(Locale.ROOT, "  %-18s %s %9s of %9s %7s MiB/s  %s", r.name, bar(r.done(), r.size),
                    Units.mib(r.done()), Units.mib(r.size), Units.rate(r.sent, r.seconds(now)), state(r)));
        }
        lines.add(String.format(Locale.ROOT, "  %-18s %s %9s of %9s %7s MiB/s  %d of %d verified by the module", "total",
                bar(board.doneBytes(), board.totalBytes()), Units.mib(board.doneBytes()), Units.mib(board.totalBytes()),
                Units.rate(board.sentThisRun(), board.elapsedSeconds()), board.finishedCount(), board.rows().size()));
        return lines;
    }

    private static String totalLine(UploadBoard board) {
        return String.format(Locale.ROOT, "[%6.1f s] total %s of %s (%d%%), %s MiB/s, %d of %d recordings verified",
                board.elapsedSeconds(), Units.mib(board.doneBytes()), Units.mib(board.totalBytes()),
                percent(board.doneBytes(), board.totalBytes()), Units.rate(board.sentThisRun(), board.elapsedSeconds()),
                board.finishedCount(), board.rows().size());
    }

    private static String state(RecordingRow r) {
        switch (r.state) {
            case UPLOADING: return "uploading";
            case RESUMING: return "resuming";
            case RETRYING: return "retrying: " + r.problem;
            case UPLOADED: return "verified";
            case ALREADY_THERE: return "already stored";
            case EARLIER_RUN: return "done in the earlier run";
            case FAILED: return "FAILED: " + r.problem;
            default: return "waiting";
        }
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? BAR : (int) (BAR * Math.min(1.0, (double) done / total));
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < BAR; i++) {
            sb.append(i < filled ? '#' : '.');
        }
        return sb.append(']').toString();
    }

    static int percent(long done, long total) {
        return total <= 0 ? 100 : (int) (100 * done / total);
    }
}
