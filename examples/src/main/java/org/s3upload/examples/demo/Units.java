package org.s3upload.examples.demo;

import java.util.Locale;

/** How the demo writes sizes and rates: MiB with one decimal, bytes with thousands separators. */
final class Units {
    static final double MIB = 1024.0 * 1024.0;

    private Units() {
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
    }

    static String bytes(long bytes) {
        return String.format(Locale.ROOT, "%,d", bytes);
    }

    static String rate(long bytes, double seconds) {
        return seconds <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", bytes / MIB / seconds);
    }
}
