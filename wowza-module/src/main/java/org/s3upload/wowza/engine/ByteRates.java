package org.s3upload.wowza.engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.s3upload.internal.ByteSizes;

/**
 * Reads and writes bandwidth caps ({@code s3UploadMaxBytesPerSecond}). A cap is bytes per second:
 * a whole number, optionally with a size suffix read as every size in the module is (K/KB/KiB,
 * M/MB/MiB, G/GB/GiB, all 1024-based, any case), or a bit rate as network links are quoted
 * (kbit, Mbit, Gbit: 1000-based bits, so {@code 80Mbit} is 10,000,000 bytes per second). A
 * trailing {@code /s} is allowed: {@code 10MB/s}, {@code 80Mbit/s}. 0 means no cap.
 */
public final class ByteRates {
    private static final Pattern BITS = Pattern.compile("(\\d{1,19})\\s*([KMG])BIT", Pattern.CASE_INSENSITIVE);
    private static final Pattern PER_SECOND = Pattern.compile("(.*?)\\s*/\\s*S", Pattern.CASE_INSENSITIVE);

    /** The forms accepted, for error messages. */
    public static final String FORMS = "a whole number of bytes per second, or with a unit: 512K, 10MB, 1GiB (1024-based"
            + " bytes) or 80Mbit (1000-based bits), optionally followed by /s; 0 for no cap";

    private ByteRates() {
    }

    /** Bytes per second for {@code text}; -1 when it is not a rate of the forms above or overflows. */
    public static long parse(String text) {
        if (text == null) {
            return -1;
        }
        String t = text.trim();
        Matcher perSecond = PER_SECOND.matcher(t);
        if (perSecond.matches()) {
            t = perSecond.group(1);
        }
        Matcher bits = BITS.matcher(t);
        if (bits.matches()) {
            long n;
            try {
                n = Long.parseLong(bits.group(1));
            } catch (NumberFormatException e) {
                return -1;
            }
            long perUnit;
            switch (bits.group(2).toUpperCase(Locale.ROOT).charAt(0)) {
                case 'K': perUnit = 1_000L; break;
                case 'M': perUnit = 1_000_000L; break;
                default: perUnit = 1_000_000_000L;
            }
            return n > Long.MAX_VALUE / perUnit ? -1 : n * perUnit / 8;
        }
        return ByteSizes.parse(t);
    }

    /** For log lines: {@code "no cap"}, or the rate in bytes and in the two usual units. */
    public static String describe(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            return "no cap";
        }
        return String.format(Locale.ROOT, "%d bytes/s (%.1f MiB/s, %.1f Mbit/s)", bytesPerSecond,
                bytesPerSecond / 1048576.0, bytesPerSecond * 8 / 1e6);
    }
}
