package org.s3upload.wowza;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.s3upload.spi.support.Setting;
import org.s3upload.wowza.engine.KeyMaker;

/**
 * Every application property the module reads, each declared once as a {@link Setting}: name,
 * type, default, range and one line of documentation. Parsing and its messages
 * ({@link ModuleSettings}), the list of known names behind the typo warning, and the README's
 * property tables (checked by ModuleReadmeTableTest) all come from these declarations.
 *
 * <p>Adding a property is one declaration here, {@code declare(Setting.xxx(...))} (or
 * {@code s3Alias} / {@code noEffect}), read where it is used with {@code ModuleSettings}' reader,
 * and one row in the README's table.
 */
public final class ModuleProperties {
    /** Prefix of provider settings passed through as {@code s3Upload.<providerId>.<key>}. */
    public static final String PROVIDER_PREFIX = "s3Upload.";

    // Filled by the declarations below, in their order (so they come first).
    private static final List<Setting<?>> DECLARED = new ArrayList<>();
    private static final Map<String, String> S3_KEYS = new LinkedHashMap<>();
    private static final List<String> NO_EFFECT = new ArrayList<>();

    // provider choice
    static final Setting<String> TARGET = declare(Setting.text("s3UploadTarget", "Provider id (s3, filesystem, ...).")
            .whenAbsent("the only provider present"));
    // keys and what is uploaded
    static final Setting<String> FILE_PREFIX = declare(Setting.text("s3UploadFilePrefix",
            "Key prefix; a trailing / is added; Wowza ${com.wowza.wms.context.*} variables are decoded."));
    static final Setting<String> KEY_TEMPLATE = declare(Setting.text("s3UploadKeyTemplate",
            "Key after the prefix, with variables " + KeyMaker.VARIABLES + ".").whenAbsent("${path}"));
    // behaviour
    static final Setting<Long> DELAY = declare(Setting.millis("s3UploadDelay", 0, 0, Long.MAX_VALUE,
            "Upload a recording only once it is this old (ms)."));
    static final Setting<Boolean> RESUME_UPLOADS = declare(Setting.lenientFlag("s3UploadResumeUploads", true,
            "false: at start abort the incomplete uploads this server started and upload those recordings afresh."));
    static final Setting<Boolean> RESTART_FAILED_UPLOADS = declare(Setting.lenientFlag("s3UploadRestartFailedUploads", true,
            "false: a failed upload waits for the next start instead of being retried with backoff."));
    static final Setting<Long> RETRY_INITIAL_DELAY = declare(Setting.millis("s3UploadRetryInitialDelay", 5_000, 0,
            Long.MAX_VALUE, "First retry delay (ms); doubles per attempt, with jitter.")
            .whenAbsent("5000, or s3UploadRestartFailedUploadTimeout if that is set"));
    static final Setting<Long> RETRY_MAX_DELAY = declare(Setting.millis("s3UploadRetryMaxDelay", 300_000, 0, Long.MAX_VALUE,
            "Cap of the retry delay (ms).").whenAbsent("300000, or the initial delay if that is larger"));
    static final Setting<Long> RESTART_FAILED_UPLOAD_TIMEOUT = declare(Setting.millis("s3UploadRestartFailedUploadTimeout",
            5_000, 0, Long.MAX_VALUE, "Legacy: the original's fixed retry delay (ms), now the initial backoff delay."));
    static final Setting<Integer> MAX_CONCURRENT_UPLOADS = declare(Setting.wholeNumber("s3UploadMaxConcurrentUploads", 2, 1,
            64, "Recordings uploaded at once by this application instance."));
    static final Setting<Boolean> DELETE_ORIGINAL_FILES = declare(Setting.lenientFlag("s3UploadDeleteOriginalFiles", false,
            "Delete the local recording once the remote copy is verified.")
            .whenAbsent("the value of s3UploadDeletOriginalFiles"));
    static final Setting<Boolean> DELET_ORIGINAL_FILES = declare(Setting.lenientFlag("s3UploadDeletOriginalFiles", false,
            "Legacy misspelt name of s3UploadDeleteOriginalFiles; the correct spelling wins."));
    static final Setting<Boolean> VERSION_FILE = declare(Setting.lenientFlag("s3UploadVersionFile", false,
            "If the key holds an object already, use the first free name_N.ext."));
    static final Setting<Boolean> STRIP_RECORDER_VERSIONING = declare(Setting.lenientFlag("s3UploadStripRecorderVersioning",
            true, "With s3UploadVersionFile: drop the _N Wowza's recorder versioning added to the file name."));
    static final Setting<String> INCLUDE_EXTENSIONS = declare(Setting.text("s3UploadIncludeExtensions",
            "Comma list of file extensions to upload (all when empty)."));
    static final Setting<String> EXCLUDE_EXTENSIONS = declare(Setting.text("s3UploadExcludeExtensions",
            "Comma list of file extensions not to upload."));
    static final Setting<String> INCLUDE_STREAMS = declare(Setting.text("s3UploadIncludeStreams",
            "Comma list of stream names (* and ? allowed) to upload (all when empty)."));
    static final Setting<String> EXCLUDE_STREAMS = declare(Setting.text("s3UploadExcludeStreams",
            "Comma list of stream names (* and ? allowed) not to upload; an exclude wins."));
    static final Setting<Long> STATUS_INTERVAL = declare(Setting.millis("s3UploadStatusInterval", 300_000, 0, Long.MAX_VALUE,
            "Status line period (ms); 0 turns it off."));
    static final Setting<Long> SHUTDOWN_TIMEOUT = declare(Setting.millis("s3UploadShutdownTimeout", 10_000, 0,
            Long.MAX_VALUE, "The most onAppStop takes in all (ms)."));
    static final Setting<Long> FAILED_RETRY_INTERVAL = declare(Setting.millis("s3UploadFailedRetryInterval", 15 * 60_000L, 0,
            Long.MAX_VALUE, "How often recordings that failed permanently are retried (ms); 0 never."));
    static final Setting<Boolean> DEBUG_LOG = declare(Setting.lenientFlag("s3UploadDebugLog", false,
            "Write debug lines at INFO, as the original did."));
    static final Setting<String> MAX_BYTES_PER_SECOND = declare(Setting.text("s3UploadMaxBytesPerSecond",
            "Cap of the bytes per second all uploads of this application instance send together: bytes, or with a"
                    + " unit (512K, 10MB, 80Mbit, 10MB/s).").whenAbsent("0 (no cap)"));
    // completion notifications
    static final Setting<String> WEBHOOK_URL = declare(Setting.text("s3UploadWebhookUrl",
            "http(s) URL that receives a signed JSON POST per uploaded or permanently failed recording."));
    static final Setting<String> WEBHOOK_SECRET = declare(Setting.text("s3UploadWebhookSecret",
            "HMAC-SHA256 key of the webhook's signature header.").secret());
    static final Setting<String> LISTENERS = declare(Setting.text("s3UploadListeners",
            "Comma list of CompletionListener classes to tell of completions, besides those ServiceLoader finds."));
    /** Read from the StreamRecorder properties, not the application's. */
    static final Setting<String> STREAM_RECORDER_OUTPUT_PATH = declare(Setting.text("streamRecorderOutputPath",
            "Where keys are relative to; scanned for markers at start.").whenAbsent("the application's storage dir"));
    // the original module's properties whose job is done without them (an INFO line says so)
    static final Setting<Boolean> USE_DEFAULT_REGION = noEffect(Setting.lenientFlag("s3UploadUseDefaultRegion", true,
            "Accepted and ignored: without s3UploadRegion the s3 provider asks S3 for the bucket's region."));
    static final Setting<Boolean> ALLOW_BUCKET_REGION_OVERRIDE = noEffect(Setting.lenientFlag(
            "s3UploadAllowBucketRegionOverride", true, "Accepted and ignored: a wrong s3UploadRegion is reported naming "
                    + "the bucket's region."));
    // the original module's S3 properties, passed to the s3 provider as its keys (a generic key wins)
    static final Setting<String> BUCKET_NAME = s3Alias("bucket", Setting.text("s3UploadBucketName", "Bucket."));
    static final Setting<String> REGION = s3Alias("region", Setting.text("s3UploadRegion", "Region of the bucket."));
    static final Setting<String> ENDPOINT = s3Alias("endpoint", Setting.text("s3UploadEndpoint",
            "Endpoint URL, or a bare host taken as https."));
    static final Setting<String> PATH_STYLE_ACCESS = s3Alias("pathStyleAccess", Setting.text("s3UploadPathStyleAccess",
            "Path-style addressing."));
    static final Setting<String> ACCESS_KEY = s3Alias("accessKey", Setting.text("s3UploadAccessKey", "Static access key."));
    static final Setting<String> SECRET_KEY = s3Alias("secretKey", Setting.text("s3UploadSecretKey",
            "Static secret key.").secret());
    static final Setting<String> AWS_PROFILE = s3Alias("profile", Setting.text("s3UploadAwsProfile", "Credentials profile."));
    static final Setting<String> PROFILE = s3Alias("profile", Setting.text("s3UploadProfile",
            "Credentials profile (the name Wowza's documentation gave)."));
    static final Setting<String> AWS_PROFILE_PATH = s3Alias("profileFile", Setting.text("s3UploadAwsProfilePath",
            "Credentials file of the profile."));
    static final Setting<String> CANNED_ACL = s3Alias("cannedAcl", Setting.text("s3UploadCannedAcl", "Canned ACL."));
    static final Setting<String> ACL_GROUP_GRANTEE_URI = s3Alias("aclGroupGranteeUri", Setting.text(
            "s3UploadACLGroupGranteeUri", "Group grantee URI of an ACL grant."));
    static final Setting<String> ACL_PERMISSION_RULE = s3Alias("aclPermission", Setting.text("s3UploadACLPermissionRule",
            "Permission of the ACL grant."));
    static final Setting<String> CHECK_BUCKET = s3Alias("checkBucket", Setting.text("s3UploadCheckBucket",
            "Check the bucket when the target is created."));

    /** Every declared property, in the order the README's tables list them. */
    static final List<Setting<?>> SETTINGS = Collections.unmodifiableList(DECLARED);
    /** The original module's S3 property names and the s3 provider keys they feed, in declaration order. */
    static final Map<String, String> LEGACY_S3_KEYS = Collections.unmodifiableMap(S3_KEYS);
    /** The original module's properties that are accepted and ignored. */
    static final List<String> NO_EFFECT_NAMES = Collections.unmodifiableList(NO_EFFECT);

    private static final Set<String> NAMES;

    static {
        Set<String> names = new TreeSet<>();
        for (Setting<?> s : DECLARED) {
            if (!names.add(s.name())) {
                throw new IllegalStateException("module property " + s.name() + " is declared twice");
            }
        }
        NAMES = Collections.unmodifiableSet(names);
    }

    private ModuleProperties() {
    }

    private static <T> Setting<T> declare(Setting<T> setting) {
        DECLARED.add(setting);
        return setting;
    }

    private static Setting<String> s3Alias(String s3Key, Setting<String> setting) {
        S3_KEYS.put(setting.name(), s3Key);
        return declare(setting);
    }

    private static <T> Setting<T> noEffect(Setting<T> setting) {
        NO_EFFECT.add(setting.name());
        return declare(setting);
    }

    /** The fixed property names, sorted (provider settings {@code s3Upload.<id>.<key>} come on top). */
    public static Set<String> names() {
        return NAMES;
    }

    /** True for a name the module reads: a fixed name or a well-formed {@code s3Upload.<id>.<key>}. */
    public static boolean isKnown(String name) {
        if (NAMES.contains(name)) {
            return true;
        }
        if (name.startsWith(PROVIDER_PREFIX)) {
            String rest = name.substring(PROVIDER_PREFIX.length());
            int dot = rest.indexOf('.');
            return dot > 0 && dot < rest.length() - 1;
        }
        return false;
    }

    /**
     * For a property that looks like ours ({@code s3Upload...}) but is not known, a sentence naming
     * it and the closest known name; null for known names and for other modules' properties.
     */
    public static String unknownNameWarning(String name) {
        if (isKnown(name) || !name.toLowerCase(Locale.ROOT).startsWith("s3upload")) {
            return null;
        }
        if (name.startsWith(PROVIDER_PREFIX)) {
            return "property " + name + " is not read: provider settings are named s3Upload.<providerId>.<key>,"
                    + " for example s3Upload.filesystem.root";
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : NAMES) {
            int d = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return "property " + name + " is not read by this module; did you mean " + best + "?";
    }

    /** Levenshtein distance; names are short, so the quadratic table is fine. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
