package org.s3upload.wowza;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.s3upload.spi.ConfigKey;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.wowza.engine.ByteRates;
import org.s3upload.wowza.engine.EngineConfig;
import org.s3upload.wowza.engine.KeyMaker;
import org.s3upload.wowza.engine.RecordingFilter;

/**
 * The module's configuration as read from the application's properties: the engine settings,
 * the provider id and the provider's own flat configuration, including the original module's
 * property names. Reading never throws; every invalid value is collected in {@link #problems()}.
 */
final class ModuleSettings {
    /** Generic provider settings: {@code s3Upload.<providerId>.<key>}. */
    static final String PROVIDER_PREFIX = "s3Upload.";
    static final String TARGET = "s3UploadTarget";

    /** The original module's property names and the s3 provider keys they now feed. */
    static final Map<String, String> LEGACY_S3_ALIASES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("s3UploadBucketName", "bucket");
        m.put("s3UploadRegion", "region");
        m.put("s3UploadEndpoint", "endpoint");
        m.put("s3UploadPathStyleAccess", "pathStyleAccess");
        m.put("s3UploadAccessKey", "accessKey");
        m.put("s3UploadSecretKey", "secretKey");
        m.put("s3UploadAwsProfile", "profile");
        m.put("s3UploadProfile", "profile");
        m.put("s3UploadAwsProfilePath", "profileFile");
        m.put("s3UploadCannedAcl", "cannedAcl");
        m.put("s3UploadACLGroupGranteeUri", "aclGroupGranteeUri");
        m.put("s3UploadACLPermissionRule", "aclPermission");
        m.put("s3UploadCheckBucket", "checkBucket");
        LEGACY_S3_ALIASES = Collections.unmodifiableMap(m);
    }

    /**
     * Properties of the original module whose job is now done without them: without
     * s3UploadRegion the s3 provider asks S3 for the bucket's region, and a wrong s3UploadRegion
     * is reported with the right one.
     */
    static final List<String> NO_EFFECT = Collections.unmodifiableList(java.util.Arrays.asList(
            "s3UploadUseDefaultRegion", "s3UploadAllowBucketRegionOverride"));

    private final Map<String, Object> props;
    private final List<String> problems = new ArrayList<>();
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
        LegacyS3Forms forms = new LegacyS3Forms(this::str);
        warnings.addAll(forms.warnings());
        notes.addAll(forms.notes());
        ignoredLegacy.addAll(forms.ignored());
    }

    /** Invalid values, one sentence each naming the property and the fix. */
    List<String> problems() {
        return problems;
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
        return bool("s3UploadDebugLog", false);
    }

    /** The configured provider id, or null to take the only one present. */
    String providerId() {
        String id = str(TARGET);
        return id == null ? null : id.trim().toLowerCase(Locale.ROOT);
    }

    /** True when the original module's S3 properties are in use (they imply provider "s3"). */
    boolean usesLegacyS3() {
        return str("s3UploadBucketName") != null;
    }

    /**
     * The flat configuration handed to provider {@code id}: every {@code s3Upload.<id>.<key>},
     * and for "s3" also the original module's property names (a generic key wins over its alias).
     */
    Map<String, String> providerConfig(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        if ("s3".equals(id)) {
            for (Map.Entry<String, String> alias : LEGACY_S3_ALIASES.entrySet()) {
                String v = ignoredLegacy.contains(alias.getKey()) ? null : str(alias.getKey());
                if (v != null && !out.containsKey(alias.getValue())) {
                    out.put(alias.getValue(), v);
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
    EngineConfig.Builder engine(List<Path> roots, String app, String appInstance, long keepAliveMillis) {
        EngineConfig.Builder b = EngineConfig.builder(roots.get(0));
        for (Path r : roots.subList(1, roots.size())) {
            b.alsoScan(r);
        }
        b.names(app, appInstance);
        b.keyPrefix(str("s3UploadFilePrefix"));
        String template = str("s3UploadKeyTemplate");
        if (template != null && KeyMaker.unknownVariable(template) != null) {
            problems.add("s3UploadKeyTemplate '" + template + "' uses the unknown variable ${"
                    + KeyMaker.unknownVariable(template) + "}; use only " + KeyMaker.VARIABLES);
            template = null;
        }
        b.keyTemplate(template);
        b.versionFile(bool("s3UploadVersionFile", false));
        b.stripRecorderVersioning(bool("s3UploadStripRecorderVersioning", true));
        b.deleteOriginal(bool("s3UploadDeleteOriginalFiles", bool("s3UploadDeletOriginalFiles", false)));
        b.delayMillis(millis("s3UploadDelay", 0));
        b.resumeUploads(bool("s3UploadResumeUploads", true));
        b.restartFailedUploads(bool("s3UploadRestartFailedUploads", true));
        long initial = millis("s3UploadRetryInitialDelay", millis("s3UploadRestartFailedUploadTimeout", 5_000));
        long max = millis("s3UploadRetryMaxDelay", Math.max(300_000, initial));
        if (initial < 1 || max < initial) {
            problems.add("s3UploadRetryInitialDelay (" + initial + " ms) must be at least 1 and at most s3UploadRetryMaxDelay ("
                    + max + " ms); fix one of them");
            initial = 5_000;
            max = 300_000;
        }
        b.retry(initial, max);
        long concurrent = number("s3UploadMaxConcurrentUploads", 2);
        if (concurrent < 1 || concurrent > 64) {
            problems.add("s3UploadMaxConcurrentUploads must be between 1 and 64, not " + concurrent);
            concurrent = 2;
        }
        b.maxConcurrentUploads((int) concurrent);
        b.statusIntervalMillis(millis("s3UploadStatusInterval", 300_000));
        b.shutdownTimeoutMillis(millis("s3UploadShutdownTimeout", 10_000));
        b.failedRetryIntervalMillis(millis("s3UploadFailedRetryInterval", 15 * 60_000L));
        b.keepAliveIntervalMillis(keepAliveMillis);
        b.maxBytesPerSecond(maxBytesPerSecond());
        b.filter(new RecordingFilter(str("s3UploadIncludeExtensions"), str("s3UploadExcludeExtensions"),
                str("s3UploadIncludeStreams"), str("s3UploadExcludeStreams")));
        return b;
    }

    /**
     * s3UploadMaxBytesPerSecond: the cap on the bytes per second all uploads of the application
     * send together (see {@link ByteRates} for the forms); 0 when unset or 0. An invalid value is a
     * problem, and uploads are not capped.
     */
    long maxBytesPerSecond() {
        String name = "s3UploadMaxBytesPerSecond";
        checkListed(name);
        Object v = props.get(name);
        long rate = v instanceof Number ? ((Number) v).longValue() : ByteRates.parse(str(name) == null ? "0" : str(name));
        if (rate < 0) {
            problems.add(name + " must be " + ByteRates.FORMS + ", not '" + v + "'; for example 10MB (10 MiB/s) or"
                    + " 80Mbit (10,000,000 bytes/s)");
            return 0;
        }
        return rate;
    }

    /**
     * One line with every setting that concerns the module, secrets masked: those the provider
     * declares secret, and anything whose name says secret, password, token or credential.
     */
    String summary(UploadTargetProvider provider) {
        Set<String> secretKeys = new java.util.HashSet<>();
        if (provider != null) {
            for (ConfigKey k : provider.configKeys()) {
                if (k.secret()) {
                    secretKeys.add(k.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : props.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("s3Upload") && !name.equals("streamRecorderOutputPath")) {
                continue;
            }
            String lastPart = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            String alias = LEGACY_S3_ALIASES.get(name);
            boolean secret = isSecretName(name) || secretKeys.contains(lastPart)
                    || (alias != null && secretKeys.contains(alias.toLowerCase(Locale.ROOT)));
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(name).append('=').append(secret ? "****" : e.getValue());
        }
        return sb.toString();
    }

    static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("secret") || n.contains("password") || n.contains("token") || n.contains("credential");
    }

    private String str(String name) {
        checkListed(name);
        Object v = props.get(name);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    // Why these readers are not org.s3upload.spi.support.Setting / SettingsReader, as the providers'
    // are: Wowza hands the module Boolean and Number objects, and the original module's forms must
    // keep working. A flag here also accepts yes/no/1/0, a number any long or Number object (60000L,
    // 2.0), and the messages below are the module's own; Setting.flag takes only true/false,
    // Setting.wholeNumber only an int written as text, SettingsReader only strings, and both word
    // their problems differently. Reading through Setting would refuse values accepted today.

    private boolean bool(String name, boolean dflt) {
        checkListed(name);
        Object v = props.get(name);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = str(name);
        if (s == null) {
            return dflt;
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes") || s.equals("1")) {
            return true;
        }
        if (s.equalsIgnoreCase("false") || s.equalsIgnoreCase("no") || s.equals("0")) {
            return false;
        }
        problems.add(name + " must be true or false, not '" + s + "'");
        return dflt;
    }

    private long number(String name, long dflt) {
        checkListed(name);
        Object v = props.get(name);
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        String s = str(name);
        if (s == null) {
            return dflt;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number, not '" + s + "'");
            return dflt;
        }
    }

    private long millis(String name, long dflt) {
        long v = number(name, dflt);
        if (v < 0) {
            problems.add(name + " is a time in milliseconds and cannot be negative (" + v + ")");
            return dflt;
        }
        return v;
    }

    /** Every name read must be in {@link ModuleProperties}, or typo warnings would flag a real property. */
    private static void checkListed(String name) {
        if (!ModuleProperties.isKnown(name)) {
            throw new IllegalStateException("property " + name + " is read but not listed in ModuleProperties");
        }
    }
}
