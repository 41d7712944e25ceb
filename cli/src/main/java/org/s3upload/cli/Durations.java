package org.s3upload.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an age on the command line: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}. */
final class Durations implements ITypeConverter<Duration> {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*([smhd])");

    @Override
    public Duration convert(String value) {
        Matcher m = AGE.matcher(value.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not an age: write a whole number and a unit,"
                    + " s, m, h or d (for example 24h or 7d)");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofDays(n);
        }
    }

    /** The age as written on the command line, for messages ({@code 24h}). */
    static String option(Duration d) {
        long s = d.getSeconds();
        if (s % 86400 == 0 && s >= 2 * 86400) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
