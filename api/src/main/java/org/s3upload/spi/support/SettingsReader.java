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
 * Not thread-safe: it belongs to the thread that validates.
 */
public final class SettingsReader {
    private final Map<String, String> config;
    private final List<String> problems = new ArrayList<>();

    public SettingsReader(Map<String, String> config) {
        this.config = Collections.unmodifiableMap(config);
    }

    /**
     * The parsed value; the declared default when absent or blank. An invalid value, or a
     * required one that is absent, adds a problem and reads as the default (null for text).
     */
    public <T> T get(Setting<T> setting) {
        String value = trimmed(setting.name());
        if (value == null) {
            if (setting.isRequired()) {
                problems.add(setting.missing());
            }
            return setting.defaultValue();
        }
        T parsed = setting.parse(value, problems);
        return parsed != null ? parsed : setting.defaultValue();
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
            String value = trimmed(s.name());
            if (value != null) {
                sb.append(sb.length() == 0 ? "" : ", ").append(s.name()).append('=').append(s.isSecret() ? "****" : value);
            }
        }
        return sb.toString();
    }

    /** The trimmed value of a key, or null when absent or blank. */
    private String trimmed(String key) {
        String v = config.get(key);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }
}
