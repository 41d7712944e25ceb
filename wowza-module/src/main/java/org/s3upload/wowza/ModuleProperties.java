package org.s3upload.wowza;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every application property name the module reads. Kept as one list so that a misspelt property
 * (the commonest configuration mistake) is reported with the name it was probably meant to be,
 * instead of being silently ignored.
 */
public final class ModuleProperties {
    /** Prefix of provider settings passed through as {@code s3Upload.<providerId>.<key>}. */
    public static final String PROVIDER_PREFIX = "s3Upload.";

    private static final Set<String> NAMES = Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(
            // provider choice
            "s3UploadTarget",
            // the original module's S3 settings (mapped onto the s3 provider's keys)
            "s3UploadBucketName", "s3UploadRegion", "s3UploadEndpoint", "s3UploadPathStyleAccess",
            "s3UploadAccessKey", "s3UploadSecretKey", "s3UploadAwsProfile", "s3UploadProfile",
            "s3UploadAwsProfilePath", "s3UploadCannedAcl", "s3UploadACLGroupGranteeUri",
            "s3UploadACLPermissionRule", "s3UploadCheckBucket", "s3UploadUseDefaultRegion",
            "s3UploadAllowBucketRegionOverride",
            // keys and what is uploaded
            "s3UploadFilePrefix", "s3UploadKeyTemplate", "s3UploadVersionFile", "s3UploadStripRecorderVersioning",
            "s3UploadIncludeExtensions", "s3UploadExcludeExtensions", "s3UploadIncludeStreams",
            "s3UploadExcludeStreams",
            // behaviour
            "s3UploadDelay", "s3UploadResumeUploads", "s3UploadRestartFailedUploads",
            "s3UploadRestartFailedUploadTimeout", "s3UploadRetryInitialDelay", "s3UploadRetryMaxDelay",
            "s3UploadMaxConcurrentUploads", "s3UploadDeleteOriginalFiles", "s3UploadDeletOriginalFiles",
            "s3UploadStatusInterval", "s3UploadShutdownTimeout", "s3UploadDebugLog",
            "s3UploadFailedRetryInterval", "s3UploadMaxBytesPerSecond",
            // StreamRecorder/Properties
            "streamRecorderOutputPath")));

    private ModuleProperties() {
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
