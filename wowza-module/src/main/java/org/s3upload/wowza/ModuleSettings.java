package org.s3upload.wowza;

import static org.s3upload.wowza.ModuleProperties.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.s3upload.spi.ConfigKey;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.spi.support.Setting;
import org.s3upload.spi.support.SettingsReader;
import org.s3upload.wowza.engine.ByteRates;
import org.s3upload.wowza.engine.EngineSettings;
import org.s3upload.wowza.engine.KeyMaker;
import org.s3upload.wowza.engine.RecordingFilter;

/**
 * The module's configuration as read from the application's properties: the engine settings,
 * the provider id and the provider's own flat configuration, including the original module's
 * property names. Every property is declared in {@link ModuleProperties} and read through one
 * {@link SettingsReader} (which takes Wowza's Boolean and Number objects as they are). Reading
 * never throws; every invalid value is collected in {@link #problems()}.
 */
final class ModuleSettings {
    /** Generic provider settings: {@code s3Upload.<providerId>.<key>}. */
    static final String PROVIDER_PREFIX = ModuleProperties.PROVIDER_PREFIX;
    static final String TARGET = ModuleProperties.TARGET.name();

    /** The original module's property names and the s3 provider keys they now feed. */
    static final Map<String, String> LEGACY_S3_ALIASES = ModuleProperties.LEGACY_S3_KEYS;

    /**
     * Properties of the original module whose job is now done without them: without
     * s3UploadRegion the s3 provider asks S3 for the bucket's region, and a wrong s3UploadRegion
     * is reported with the right one.
     */
    static final List<String> NO_EFFECT = ModuleProperties.NO_EFFECT_NAMES;

    private final Map<String, Object> props;
    private final SettingsReader reader;
    private final List<String> notes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** The original module's properties that it ignored in this form, and so does this module (with a WARN). */
    private final Set<String> ignoredLegacy = new java.util.HashSet<>();

    ModuleSettings(Map<String, Object> properties) {
        this.props = new TreeMap<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                this.props.put(e.getKey(), e.getValue());
            }
        }
        this.reader = new SettingsReader(props);
        for (String name : props.keySet()) {
            String warning = ModuleProperties.unknownNameWarning(name);
            if (warning != null) {
                warnings.add(warning);
            }
        }
        for (String name : NO_EFFECT) {
            if (props.containsKey(name)) {
                notes.add(name + " is not needed by this module: without s3UploadRegion the bucket's region is asked of S3"
                        + " (and a wrong s3UploadRegion is reported naming the bucket's region); the property is ignored");
            }
        }
        LegacyS3Forms forms = new LegacyS3Forms(reader::get);
        warnings.addAll(forms.warnings());
        notes.addAll(forms.notes());
        ignoredLegacy.addAll(forms.ignored());
    }

    /** Invalid values, one sentence each naming the property and the fix. */
    List<String> problems() {
        return reader.problems();
    }

    /** Things the operator should know that are not errors. */
    List<String> notes() {
        return notes;
    }

    /**
     * Properties that look like ours but that nothing reads, most likely misspelt: the setting the
     * operator meant is silently at its default, so each is worth a WARN naming the likely intent.
     */
    List<String> warnings() {
        return warnings;
    }

    boolean debugLog() {
        return reader.get(ModuleProperties.DEBUG_LOG);
    }

    /** The configured provider id, or null to take the only one present. */
    String providerId() {
        String id = reader.get(ModuleProperties.TARGET);
        return id == null ? null : id.trim().toLowerCase(Locale.ROOT);
    }

    /** True when the original module's S3 properties are in use (they imply provider "s3"). */
    boolean usesLegacyS3() {
        return reader.get(ModuleProperties.BUCKET_NAME) != null;
    }

    /**
     * The flat configuration handed to provider {@code id}: every {@code s3Upload.<id>.<key>},
     * and for "s3" also the original module's property names (a generic key wins over its alias).
     */
    Map<String, String> providerConfig(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        if ("s3".equals(id)) {
            for (Setting<?> property : ModuleProperties.SETTINGS) {
                String key = LEGACY_S3_ALIASES.get(property.name());
                Object v = key == null || ignoredLegacy.contains(property.name()) ? null : reader.get(property);
                if (v != null && !out.containsKey(key)) {
                    out.put(key, v.toString());
                }
            }
        }
        String prefix = PROVIDER_PREFIX + id + ".";
        for (Map.Entry<String, Object> e : props.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
                String key = e.getKey().substring(prefix.length());
                String v = e.getValue().toString().trim();
                if (out.containsKey(key) && !out.get(key).equals(v)) {
                    notes.add(e.getKey() + " overrides the value of the original module's property for '" + key + "'");
                }
                out.put(key, v);
            }
        }
        return out;
    }

    /** Engine settings; {@code roots} first the directory keys are relative to. */
    EngineSettings.Builder engine(List<Path> roots, String app, String appInstance, long keepAliveMillis) {
        EngineSettings.Builder b = EngineSettings.builder(roots.get(0));
        for (Path r : roots.subList(1, roots.size())) {
            b.alsoScan(r);
        }
        b.names(app, appInstance);
        b.keyPrefix(reader.get(FILE_PREFIX));
        String template = reader.get(KEY_TEMPLATE);
        if (template != null && KeyMaker.unknownVariable(template) != null) {
            reader.problem(KEY_TEMPLATE + " '" + template + "' uses the unknown variable ${"
                    + KeyMaker.unknownVariable(template) + "}; use only " + KeyMaker.VARIABLES);
            template = null;
        }
        b.keyTemplate(template);
        b.versionFile(reader.get(VERSION_FILE));
        b.stripRecorderVersioning(reader.get(STRIP_RECORDER_VERSIONING));
        b.deleteOriginal(reader.get(DELETE_ORIGINAL_FILES, reader.get(DELET_ORIGINAL_FILES)));
        b.delayMillis(reader.get(DELAY));
        b.resumeUploads(reader.get(RESUME_UPLOADS));
        b.restartFailedUploads(reader.get(RESTART_FAILED_UPLOADS));
        long initial = reader.get(RETRY_INITIAL_DELAY, reader.get(RESTART_FAILED_UPLOAD_TIMEOUT));
        long max = reader.get(RETRY_MAX_DELAY, Math.max(RETRY_MAX_DELAY.defaultValue(), initial));
        if (initial < 1 || max < initial) {
            reader.problem(RETRY_INITIAL_DELAY + " (" + initial + " ms) must be at least 1 and at most " + RETRY_MAX_DELAY
                    + " (" + max + " ms); fix one of them");
            initial = RETRY_INITIAL_DELAY.defaultValue();
            max = RETRY_MAX_DELAY.defaultValue();
        }
        b.retry(initial, max);
        b.maxConcurrentUploads(reader.get(MAX_CONCURRENT_UPLOADS));
        b.statusIntervalMillis(reader.get(STATUS_INTERVAL));
        b.shutdownTimeoutMillis(reader.get(SHUTDOWN_TIMEOUT));
        b.failedRetryIntervalMillis(reader.get(FAILED_RETRY_INTERVAL));
        b.keepAliveIntervalMillis(keepAliveMillis);
        b.maxBytesPerSecond(maxBytesPerSecond());
        b.filter(new RecordingFilter(reader.get(INCLUDE_EXTENSIONS), reader.get(EXCLUDE_EXTENSIONS),
                reader.get(INCLUDE_STREAMS), reader.get(EXCLUDE_STREAMS)));
        return b;
    }

    /** The webhook's URL (s3UploadWebhookUrl), or null for none. */
    String webhookUrl() {
        return reader.get(ModuleProperties.WEBHOOK_URL);
    }

    /** The webhook's HMAC key (s3UploadWebhookSecret), or null for unsigned posts. A secret: never log it. */
    String webhookSecret() {
        return reader.get(ModuleProperties.WEBHOOK_SECRET);
    }

    /** Listener classes named in s3UploadListeners (comma-separated), in order. */
    List<String> listenerClasses() {
        List<String> out = new ArrayList<>();
        String v = reader.get(ModuleProperties.LISTENERS);
        if (v != null) {
            for (String c : v.split(",")) {
                if (!c.trim().isEmpty()) {
                    out.add(c.trim());
                }
            }
        }
        return out;
    }

    /**
     * s3UploadMaxBytesPerSecond: the cap on the bytes per second all uploads of the application
     * send together (see {@link ByteRates} for the forms); 0 when unset or 0. An invalid value is a
     * problem, and uploads are not capped.
     */
    long maxBytesPerSecond() {
        String v = reader.get(ModuleProperties.MAX_BYTES_PER_SECOND);
        long rate = ByteRates.parse(v == null ? "0" : v);
        if (rate < 0) {
            reader.problem(ModuleProperties.MAX_BYTES_PER_SECOND + " must be " + ByteRates.FORMS + ", not '" + v
                    + "'; for example 10MB (10 MiB/s) or 80Mbit (10,000,000 bytes/s)");
            return 0;
        }
        return rate;
    }

    /**
     * One line with every setting that concerns the module, secrets masked: those the provider
     * declares secret, and anything whose name says secret, password, token or credential.
     */
    String summary(UploadTargetProvider provider) {
        Set<String> secretKeys = secretKeys(provider);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : props.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("s3Upload") && !name.equals(STREAM_RECORDER_OUTPUT_PATH.name())) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            Object shown = isSecret(name, secretKeys) ? "****" : e.getValue();
            if (name.equals(ModuleProperties.WEBHOOK_URL.name())) {
                shown = org.s3upload.wowza.notify.WebhookListener.shownText(e.getValue().toString()); // no user info or query
            }
            sb.append(name).append('=').append(shown);
        }
        return sb.toString();
    }

    /** The values {@link #summary} masks: what must never leave the module in any text (JMX attributes too). */
    List<String> secretValues(UploadTargetProvider provider) {
        Set<String> secretKeys = secretKeys(provider);
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, Object> e : props.entrySet()) {
            if (isSecret(e.getKey(), secretKeys) && !e.getValue().toString().trim().isEmpty()) {
                values.add(e.getValue().toString().trim());
            }
        }
        return values;
    }

    private static Set<String> secretKeys(UploadTargetProvider provider) {
        Set<String> secretKeys = new java.util.HashSet<>();
        if (provider != null) {
            for (ConfigKey k : provider.configKeys()) {
                if (k.secret()) {
                    secretKeys.add(k.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        return secretKeys;
    }

    private static boolean isSecret(String name, Set<String> secretKeys) {
        String lastPart = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String alias = LEGACY_S3_ALIASES.get(name);
        return isSecretName(name) || secretKeys.contains(lastPart) || declaredSecret(name)
                || (alias != null && secretKeys.contains(alias.toLowerCase(Locale.ROOT)));
    }

    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("secret") || n.contains("password") || n.contains("token") || n.contains("credential");
    }

    private static boolean declaredSecret(String name) {
        for (Setting<?> s : ModuleProperties.SETTINGS) {
            if (s.name().equals(name)) {
                return s.isSecret();
            }
        }
        return false;
    }
}
