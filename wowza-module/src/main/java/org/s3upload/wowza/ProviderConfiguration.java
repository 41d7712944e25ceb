package org.s3upload.wowza;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.s3upload.wowza.engine.KeyMaker;

/**
 * The provider half of the module's configuration, for tools that run without Wowza (the
 * {@code s3upload} command-line tool): which provider, and the flat configuration handed to it,
 * read from the same application properties as the module reads them, the original module's
 * {@code s3Upload*} names included. A read-only view over the module's own reading, so that the
 * tool and the module can never disagree about what a property means.
 */
public final class ProviderConfiguration {
    private final Map<String, Object> properties;
    private final ModuleSettings settings;
    private final String filePrefix;

    private ProviderConfiguration(Map<String, Object> properties) {
        this.properties = properties;
        this.settings = new ModuleSettings(properties);
        Object prefix = properties.get("s3UploadFilePrefix");
        this.filePrefix = prefix == null ? null : prefix.toString().trim();
    }

    /** Reads application properties (values as Wowza hands them: strings, Booleans, Numbers). */
    public static ProviderConfiguration of(Map<String, ?> properties) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            copy.put(e.getKey(), e.getValue());
        }
        return new ProviderConfiguration(copy);
    }

    /**
     * The same properties with provider {@code providerId}'s {@code key} set to {@code value} (a
     * secret read from a file or the environment): as {@code s3Upload.<id>.<key>}, and where the
     * properties use the original module's S3 names, under its name for the key too, so that the
     * original's pairing rules (an access key needs its secret key) see it.
     */
    public ProviderConfiguration withProviderValue(String providerId, String key, String value) {
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.put(ModuleSettings.PROVIDER_PREFIX + providerId + "." + key, value);
        if ("s3".equals(providerId) && settings.usesLegacyS3()) {
            for (Map.Entry<String, String> alias : ModuleSettings.LEGACY_S3_ALIASES.entrySet()) {
                if (alias.getValue().equals(key)) {
                    copy.put(alias.getKey(), value);
                }
            }
        }
        return new ProviderConfiguration(copy);
    }

    /** The values of properties that hold secrets: named so (secret, password, token, credential) or mapped to a {@code secretKeys} key. */
    public List<String> secretValues(Collection<String> secretKeys) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            String name = e.getKey();
            String last = name.substring(name.lastIndexOf('.') + 1);
            String alias = ModuleSettings.LEGACY_S3_ALIASES.get(name);
            if (e.getValue() != null && (ModuleSettings.isSecretName(name) || secretKeys.contains(last)
                    || (alias != null && secretKeys.contains(alias)))) {
                out.add(e.getValue().toString().trim());
            }
        }
        return out;
    }

    /** The property that names the provider. */
    public static String providerIdProperty() {
        return ModuleSettings.TARGET;
    }

    /**
     * The provider id the module would use among the {@code discovered} ids: the configured one;
     * without one, "s3" when several are present and the original module's S3 properties are set;
     * otherwise null (take the only provider present).
     */
    public String providerIdAmong(Collection<String> discovered) {
        return idToSelect(settings, discovered);
    }

    static String idToSelect(ModuleSettings settings, Collection<String> discovered) {
        String id = settings.providerId();
        if (id == null && discovered.size() > 1 && settings.usesLegacyS3() && discovered.contains("s3")) {
            return "s3";
        }
        return id;
    }

    /** The flat configuration the module hands provider {@code id}. */
    public Map<String, String> providerConfig(String id) {
        return Collections.unmodifiableMap(settings.providerConfig(id));
    }

    /**
     * The key prefix of s3UploadFilePrefix as the module writes it ({@code live/}), "" when unset;
     * null when it holds Wowza variables ({@code ${com.wowza...}}) that only Wowza can decode.
     */
    public String filePrefix() {
        if (filePrefix == null || filePrefix.isEmpty()) {
            return "";
        }
        return filePrefix.contains("${") ? null : KeyMaker.normalisePrefix(filePrefix);
    }

    /** Properties that look like the module's but that nothing reads (misspelt), one sentence each. */
    public List<String> warnings() {
        return Collections.unmodifiableList(settings.warnings());
    }

    /** Things worth knowing that are not errors (legacy forms, overrides). */
    public List<String> notes() {
        return Collections.unmodifiableList(settings.notes());
    }
}
