package org.s3upload.spi;

import java.util.Objects;

/** Documentation of one configuration key a provider reads. Immutable. */
public final class ConfigKey {
    private final String name;
    private final String description;
    private final boolean required;
    private final boolean secret;
    private final String defaultValue;

    private ConfigKey(String name, String description, boolean required, boolean secret, String defaultValue) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.description = Objects.requireNonNull(description, "description is null");
        this.required = required;
        this.secret = secret;
        this.defaultValue = defaultValue;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("config key name is empty");
        }
    }

    /** A key that must be present. */
    public static ConfigKey required(String name, String description) {
        return new ConfigKey(name, description, true, false, null);
    }

    /** A key that may be left out; {@code defaultValue} (may be null) documents what applies then. */
    public static ConfigKey optional(String name, String defaultValue, String description) {
        return new ConfigKey(name, description, false, false, defaultValue);
    }

    /** The same key, marked as holding a secret that must never be logged or shown. */
    public ConfigKey asSecret() {
        return new ConfigKey(name, description, required, true, defaultValue);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean required() {
        return required;
    }

    public boolean secret() {
        return secret;
    }

    /** The value that applies when the key is absent, or null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConfigKey)) {
            return false;
        }
        ConfigKey k = (ConfigKey) o;
        return name.equals(k.name) && description.equals(k.description) && required == k.required
                && secret == k.secret && Objects.equals(defaultValue, k.defaultValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, required, secret, defaultValue);
    }

    @Override
    public String toString() {
        return name + (required ? " (required)" : "") + (secret ? " (secret)" : "");
    }
}
