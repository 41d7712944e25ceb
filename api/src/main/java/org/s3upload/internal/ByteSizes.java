package org.s3upload.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads sizes in configuration ("8388608", "8MiB", "8 MB", "64k") the same way for every provider
 * and the module. Every suffix is binary: operators write "MB" meaning MiB far more often than
 * not, and one reading everywhere beats a subtly different one per key.
 */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([KMG](?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);

    private ByteSizes() {
    }

    /**
     * Bytes for a whole number with an optional suffix B, K/KB/KiB, M/MB/MiB or G/GB/GiB (any case,
     * 1024-based), surrounding blanks ignored; -1 when the text is not such a size or overflows.
     */
    public static long parse(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return -1;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int shift;
        switch (unit.charAt(0)) {
            case 'K': shift = 10; break;
            case 'M': shift = 20; break;
            case 'G': shift = 30; break;
            default: shift = 0;
        }
        return n > (Long.MAX_VALUE >> shift) ? -1 : n << shift;
    }
}
