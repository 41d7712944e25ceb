package org.s3upload.examples.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The table printed after a run: one row per recording and what the demo's own check found. */
final class SummaryTable {
    private SummaryTable() {
    }

    static void print(PrintStream out, List<RecordingRow> rows, long nowNanos) {
        int nameWidth = "recording".length();
        int keyWidth = "key".length();
        for (RecordingRow r : rows) {
            nameWidth = Math.max(nameWidth, r.name.length());
            keyWidth = Math.max(keyWidth, r.key == null ? 1 : r.key.length());
        }
        String format = "  %-" + nameWidth + "s  %-" + keyWidth + "s  %14s  %8s  %7s  %s%n";
        out.printf(Locale.ROOT, format, "recording", "key", "size (bytes)", "seconds", "MiB/s", "verified");
        for (RecordingRow r : rows) {
            boolean earlier = r.state == RecordingRow.State.EARLIER_RUN;
            double seconds = r.seconds(nowNanos);
            out.printf(Locale.ROOT, format, r.name, r.key == null ? "-" : r.key, Units.bytes(r.size),
                    earlier ? "-" : String.format(Locale.ROOT, "%.2f", seconds),
                    earlier ? "-" : Units.rate(r.sent, seconds),
                    (Boolean.TRUE.equals(r.verified) ? "yes (" : "NO (") + r.verifyNote + ")"
                            + (earlier ? ", uploaded by the earlier run" : ""));
        }
    }
}
