package org.s3upload.spi.support;

import java.util.Objects;

import org.s3upload.internal.ByteSizes;
import org.s3upload.spi.ConfigKey;

/**
 * One configuration key of a provider (or of a host, as the Wowza module declares its application
 * properties), declared once: its name, type, default, range, whether it
 * is required or secret, and one line of documentation. {@link SettingsReader} parses a flat
 * configuration against declarations with the same messages for every provider, and
 * {@link #key()} is the {@link ConfigKey} a provider lists in {@code configKeys()}. Immutable.
 *
 * <p>Take care when adding to this class: the intention is the minimal surface. Values with rules
 * of their own (a URL, a bucket name) are declared with {@link #text} and checked by the provider
 * after {@link SettingsReader#get} has read them. The kinds are the ones a flat configuration
 * needs: text, a flag (strict, or {@link #lenientFlag lenient} for forms older configurations
 * wrote), a whole number, a duration in {@link #millis milliseconds} and a size in bytes.
 *
 * @param <T> the parsed value's type
 */
public final class Setting<T> {
    private final String name;
    private final String doc;
    private final Kind kind;
    private final T defaultValue;
    private final String defaultText;
    private final long min;
    private final long max;
    private final String missingFix;
    private final boolean secret;

    /** How a value becomes a typed one. */
    enum Kind {
        TEXT, FLAG, LENIENT_FLAG, WHOLE_NUMBER, MILLIS, SIZE
    }

    private Setting(String name, String doc, Kind kind, T defaultValue, String defaultText, long min, long max,
            String missingFix, boolean secret) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.doc = Objects.requireNonNull(doc, "doc is null");
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.min = min;
        this.max = max;
        this.missingFix = missingFix;
        this.secret = secret;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("setting name is empty");
        }
        if (min > max) {
            throw new IllegalArgumentException("setting " + name + ": min " + min + " > max " + max);
        }
    }

    /** A text value, trimmed; absent or blank reads as null. */
    public static Setting<String> text(String name, String doc) {
        return new Setting<>(name, doc, Kind.TEXT, null, null, 0, 0, null, false);
    }

    /** {@code true} or {@code false} (any case). */
    public static Setting<Boolean> flag(String name, boolean defaultValue, String doc) {
        return new Setting<>(name, doc, Kind.FLAG, defaultValue, String.valueOf(defaultValue), 0, 0, null, false);
    }

    /**
     * A flag that also takes the forms older configurations wrote: {@code true}, {@code yes} or
     * {@code 1} for true, {@code false}, {@code no} or {@code 0} for false, any case. For a setting
     * carried over from such a configuration (Wowza's Application.xml properties are read so);
     * a new setting is better declared with {@link #flag}.
     */
    public static Setting<Boolean> lenientFlag(String name, boolean defaultValue, String doc) {
        return new Setting<>(name, doc, Kind.LENIENT_FLAG, defaultValue, String.valueOf(defaultValue), 0, 0, null, false);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting<Integer> wholeNumber(String name, int defaultValue, int min, int max, String doc) {
        checkDefault(name, defaultValue, min, max);
        return new Setting<>(name, doc, Kind.WHOLE_NUMBER, defaultValue, String.valueOf(defaultValue), min, max, null, false);
    }

    /**
     * A duration in milliseconds, a whole number from {@code min} to {@code max}
     * ({@code Long.MAX_VALUE} for no upper bound).
     */
    public static Setting<Long> millis(String name, long defaultValue, long min, long max, String doc) {
        checkDefault(name, defaultValue, min, max);
        return new Setting<>(name, doc, Kind.MILLIS, defaultValue, String.valueOf(defaultValue), min, max, null, false);
    }

    /**
     * A number of bytes from {@code min} to {@code max}, written as bytes or with a binary suffix
     * (8388608, 8MiB, 8M, 8MB: every suffix is 1024-based).
     */
    public static Setting<Long> size(String name, long defaultValue, long min, long max, String doc) {
        checkDefault(name, defaultValue, min, max);
        return new Setting<>(name, doc, Kind.SIZE, defaultValue, sizeText(defaultValue), min, max, null, false);
    }

    /** The same setting, which must be present; {@code fix} tells the operator what to set. */
    public Setting<T> required(String fix) {
        return new Setting<>(name, doc, kind, defaultValue, defaultText, min, max, Objects.requireNonNull(fix, "fix is null"),
                secret);
    }

    /** The same setting, holding a secret: never logged, never repeated in a message, masked in summaries. */
    public Setting<T> secret() {
        return new Setting<>(name, doc, kind, defaultValue, defaultText, min, max, missingFix, true);
    }

    /**
     * The same setting with what applies when it is absent, in words, for a value computed rather
     * than fixed (e.g. "the SDK default chain"); typed settings say their default themselves.
     */
    public Setting<T> whenAbsent(String text) {
        return new Setting<>(name, doc, kind, defaultValue, Objects.requireNonNull(text, "text is null"), min, max,
                missingFix, secret);
    }

    public String name() {
        return name;
    }

    /** The value that applies when the key is absent (null for a text setting). */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return missingFix != null;
    }

    public boolean isSecret() {
        return secret;
    }

    /** The documentation of this setting as {@code configKeys()} returns it. */
    public ConfigKey key() {
        ConfigKey k = isRequired() ? ConfigKey.required(name, doc) : ConfigKey.optional(name, defaultText, doc);
        return secret ? k.asSecret() : k;
    }

    /**
     * The parsed value of a present value, or null with a problem added that names the key and the
     * fix. {@code value} is a non-blank trimmed string, or a {@link Boolean} or {@link Number} object
     * as a host hands typed properties over (a Boolean for a flag, a whole Number for a number).
     */
    T parse(Object value, java.util.List<String> problems) {
        String text = value.toString().trim();
        String shown = secret ? "" : " = '" + text + "'";
        switch (kind) {
            case FLAG:
            case LENIENT_FLAG:
                Boolean flag = value instanceof Boolean ? (Boolean) value : flag(text, kind == Kind.LENIENT_FLAG);
                if (flag != null) {
                    return cast(flag);
                }
                problems.add("'" + name + "'" + shown + " is not a boolean: use true or false"
                        + (kind == Kind.LENIENT_FLAG ? " (yes/no and 1/0 work too)" : ""));
                return null;
            case WHOLE_NUMBER:
                Long n = wholeNumber(value, text);
                if (n != null && n >= min && n <= max) {
                    return cast(Integer.valueOf(n.intValue()));
                }
                problems.add("'" + name + "'" + shown + " is not a whole number from " + min + " to " + max);
                return null;
            case MILLIS:
                Long ms = wholeNumber(value, text);
                if (ms != null && ms >= min && ms <= max) {
                    return cast(ms);
                }
                problems.add("'" + name + "'" + shown + " is not a duration: use a whole number of milliseconds"
                        + (max == Long.MAX_VALUE ? ", at least " + min : " from " + min + " to " + max));
                return null;
            case SIZE:
                Long whole = value instanceof Number ? wholeNumber(value, text) : null;
                long bytes = whole != null ? whole : ByteSizes.parse(text);
                if (bytes >= min && bytes <= max) {
                    return cast(Long.valueOf(bytes));
                }
                problems.add("'" + name + "'" + shown + " is not a size from " + sizeText(min) + " to " + sizeText(max)
                        + ": use bytes or a number with KiB, MiB or GiB (e.g. " + defaultText + ")");
                return null;
            default:
                return cast(text);
        }
    }

    /** true/false in any case; with {@code lenient} also yes/no and 1/0; otherwise null. */
    private static Boolean flag(String text, boolean lenient) {
        if (text.equalsIgnoreCase("true") || (lenient && (text.equalsIgnoreCase("yes") || text.equals("1")))) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false") || (lenient && (text.equalsIgnoreCase("no") || text.equals("0")))) {
            return Boolean.FALSE;
        }
        return null;
    }

    /**
     * A whole number written as text, or a Number object without a fraction (60000L, 2.0); null
     * for anything else.
     */
    private static Long wholeNumber(Object value, String text) {
        if (value instanceof Number) {
            Number number = (Number) value;
            boolean integral = number instanceof Long || number instanceof Integer || number instanceof Short
                    || number instanceof Byte || number.doubleValue() == Math.rint(number.doubleValue());
            return integral && !Double.isInfinite(number.doubleValue()) ? number.longValue() : null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The message for a required setting that is absent. */
    String missing() {
        return "'" + name + "' is missing: " + missingFix;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static void checkDefault(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("setting " + name + ": default " + value + " outside " + min + " to " + max);
        }
    }

    /** Bytes in the largest binary unit that divides them: 8MiB, 4KiB, 1000. */
    static String sizeText(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes != 0 && bytes % (1L << shifts[i]) == 0) {
                return (bytes >> shifts[i]) + units[i];
            }
        }
        return String.valueOf(bytes);
    }

    @Override
    public String toString() {
        return name;
    }
}
