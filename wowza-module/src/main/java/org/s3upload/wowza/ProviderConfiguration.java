package org.s3upload.wowza;

import java.util.Collection;
import java.util.Collections;
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
    private final ModuleSettings settings;
    private final String filePrefix;

    private ProviderConfiguration(ModuleSettings settings, String filePrefix) {
        this.settings = settings;
        this.filePrefix = filePrefix;
    }

    /** Reads application properties (values as Wowza hands them: strings, Booleans, Numbers). */
    public static ProviderConfiguration of(Map<String, ?> properties) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            copy.put(e.getKey(), e.getValue());
        }
        Object prefix = copy.get("s3UploadFilePrefix");
        return new ProviderConfiguration(new ModuleSettings(copy), prefix == null ? null : prefix.toString().trim());
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
