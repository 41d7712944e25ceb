package org.s3upload.spi.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.s3upload.api.UploadException;
import org.s3upload.spi.ConfigKey;

/**
 * Reads a provider's flat configuration against its {@link Setting} declarations and collects
 * every problem, so that one exception names them all. Use one reader per {@code create} call:
 * <pre>{@code
 * SettingsReader r = new SettingsReader(config);
 * String url = r.get(URL);          // null (and a problem) when required and missing
 * int timeout = r.get(TIMEOUT_MS);  // the default (and a problem) when invalid
 * if (url != null && !url.startsWith("https://")) r.problem("'url' must start with https://");
 * r.throwIfInvalid("invalid configuration of provider 'example'");
 * }</pre>
 * A host that hands over typed properties (Wowza's are {@code Boolean}, {@code Integer} or
 * {@code Long} objects when Application.xml gives them a type) may pass them as they are: a
 * {@code Boolean} is read by a flag, a whole {@code Number} by a number, duration or size, and any
 * other object as its {@code toString()}.
 *
 * <p>Not thread-safe: it belongs to the thread that validates.
 */
public final class SettingsReader {
    private final Map<String, ?> config;
    private final List<String> problems = new ArrayList<>();

    /** A reader of {@code config}: text values, or typed objects as described above; null values are absent. */
    public SettingsReader(Map<String, ?> config) {
        this.config = Collections.unmodifiableMap(config);
    }

    /**
     * The parsed value; the declared default when absent or blank. An invalid value, or a
     * required one that is absent, adds a problem and reads as the default (null for text).
     */
    public <T> T get(Setting<T> setting) {
        return get(setting, setting.defaultValue());
    }

    /**
     * The parsed value, or {@code fallback} when the setting is absent, blank or invalid (an invalid
     * or a missing required one also adds a problem): for a default that depends on other settings,
     * such as a new name that falls back to the value of the old name it replaces.
     */
    public <T> T get(Setting<T> setting, T fallback) {
        Object value = present(setting.name());
        if (value == null) {
            if (setting.isRequired()) {
                problems.add(setting.missing());
            }
            return fallback;
        }
        T parsed = setting.parse(value, problems);
        return parsed != null ? parsed : fallback;
    }

    /** Adds a problem found by the provider's own checks: name the key and the fix, never a secret. */
    public void problem(String message) {
        problems.add(message);
    }

    /** The problems so far, in the order found. */
    public List<String> problems() {
        return Collections.unmodifiableList(new ArrayList<>(problems));
    }

    /**
     * Throws one PERMANENT exception, {@code prefix + ": " + every problem joined by "; "}, when
     * there is any problem.
     */
    public void throwIfInvalid(String prefix) throws UploadException {
        if (!problems.isEmpty()) {
            throw UploadException.permanent(prefix + ": " + String.join("; ", problems));
        }
    }

    /** What {@code configKeys()} returns for these declarations, in their order. */
    public static List<ConfigKey> keys(List<? extends Setting<?>> settings) {
        List<ConfigKey> keys = new ArrayList<>();
        for (Setting<?> s : settings) {
            keys.add(s.key());
        }
        return Collections.unmodifiableList(keys);
    }

    /**
     * {@code name=value, ...} for the declared settings present in the configuration, in
     * declaration order, each secret one shown as {@code ****}: safe for a log line.
     */
    public String summary(List<? extends Setting<?>> settings) {
        StringBuilder sb = new StringBuilder();
        for (Setting<?> s : settings) {
            Object value = present(s.name());
            if (value != null) {
                sb.append(sb.length() == 0 ? "" : ", ").append(s.name()).append('=')
                        .append(s.isSecret() ? "****" : value.toString().trim());
            }
        }
        return sb.toString();
    }

    /** The value of a key: a typed object, or a trimmed string; null when absent or blank. */
    private Object present(String key) {
        Object v = config.get(key);
        if (v == null || v instanceof Boolean || v instanceof Number) {
            return v;
        }
        String text = v.toString().trim();
        return text.isEmpty() ? null : text;
    }
}
