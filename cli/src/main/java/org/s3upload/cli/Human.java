package org.s3upload.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Ages, sizes and times as the text output shows them. */
final class Human {
    private Human() {
    }

    /** A short human age: {@code 42s}, {@code 5m 03s}, {@code 2h 05m}, {@code 3d 04h}. */
    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format("%dd %02dh", s / 86400, (s % 86400) / 3600);
    }

    /** Bytes for people: {@code 5.0 MiB (5242880 bytes)}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], n);
    }

    /** An instant in UTC to the second: {@code 2026-12-04T17:30:00Z}. */
    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
