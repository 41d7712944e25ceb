package org.s3upload.provider.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.s3upload.internal.ByteSizes;
import org.s3upload.spi.ConfigKey;
import org.s3upload.api.UploadException;

import com.amazonaws.services.s3.model.CannedAccessControlList;
import com.amazonaws.services.s3.model.GroupGrantee;
import com.amazonaws.services.s3.model.Permission;

/**
 * The validated configuration of one S3 target. Immutable. Holds the secret key, so it has no
 * toString that could leak it.
 */
final class S3Settings {
    static final String BUCKET = "bucket";
    static final String REGION = "region";
    static final String ENDPOINT = "endpoint";
    static final String PATH_STYLE = "pathStyleAccess";
    static final String ACCESS_KEY = "accessKey";
    static final String SECRET_KEY = "secretKey";
    static final String PROFILE = "profile";
    static final String PROFILE_FILE = "profileFile";
    static final String KEY_PREFIX = "keyPrefix";
    static final String CANNED_ACL = "cannedAcl";
    static final String ACL_GRANTEE = "aclGroupGranteeUri";
    static final String ACL_PERMISSION = "aclPermission";
    static final String STORAGE_CLASS = "storageClass";
    static final String SSE = "sse";
    static final String SSE_KMS_KEY = "sseKmsKeyId";
    static final String PART_SIZE = "partSize";
    static final String THRESHOLD = "multipartThreshold";
    static final String THREADS = "uploadThreads";
    static final String CONNECT_TIMEOUT = "connectionTimeoutMs";
    static final String SOCKET_TIMEOUT = "socketTimeoutMs";
    static final String MAX_ERROR_RETRY = "maxErrorRetry";
    static final String SIGNER = "signer";
    static final String CHECK_BUCKET = "checkBucket";

    static final String DEFAULT_REGION = "us-east-1";
    static final long DEFAULT_PART_SIZE = 8 * PartSizes.MIB;
    static final long DEFAULT_THRESHOLD = 16 * PartSizes.MIB;
    static final int DEFAULT_THREADS = 4;
    static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    static final int DEFAULT_SOCKET_TIMEOUT_MS = 50_000;
    static final int DEFAULT_MAX_ERROR_RETRY = 3;

    /** Storage classes S3 documents; S3-compatible stores accept a subset (usually STANDARD). */
    static final Set<String> STORAGE_CLASSES = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
            "GLACIER_IR", "DEEP_ARCHIVE", "OUTPOSTS", "EXPRESS_ONEZONE")));

    static final List<ConfigKey> KEYS = Collections.unmodifiableList(Arrays.asList(
            ConfigKey.required(BUCKET, "Bucket that receives the objects."),
            ConfigKey.optional(REGION, null, "Region of the bucket (e.g. eu-west-1); used to pick the AWS "
                    + "endpoint and to sign requests (SigV4). Empty: taken from an Amazon S3 endpoint host name, else "
                    + "asked of S3 for the bucket when the target is created (us-east-1 if the store names none)."),
            ConfigKey.optional(ENDPOINT, null, "URL of an S3-compatible endpoint (https://minio.example:9000, "
                    + "http://127.0.0.1:9000), or a bare host[:port], taken as https (s3.eu-west-1.amazonaws.com, "
                    + "minio.local:9000). Empty: Amazon S3 for the region."),
            ConfigKey.optional(PATH_STYLE, "false", "true: address the bucket in the path (https://host/bucket/key), "
                    + "as MinIO, Ceph and most self-hosted stores need; false: virtual-host style (https://bucket.host/key)."),
            ConfigKey.optional(ACCESS_KEY, null, "Static access key id; needs secretKey. Empty: profile or the SDK default chain."),
            ConfigKey.optional(SECRET_KEY, null, "Static secret access key; needs accessKey.").asSecret(),
            ConfigKey.optional(PROFILE, null, "Named profile of an AWS credentials file (used when no static keys are set)."),
            ConfigKey.optional(PROFILE_FILE, null, "Path of the credentials file for profile (default ~/.aws/credentials)."),
            ConfigKey.optional(KEY_PREFIX, "", "Prepended verbatim to every object key (end it with '/' for a folder); "
                    + "incomplete-upload listing is scoped within it."),
            ConfigKey.optional(CANNED_ACL, null, "Canned ACL header value (private, public-read, bucket-owner-full-control, ...). "
                    + "Empty: none; buckets with Object Ownership 'bucket owner enforced' reject ACLs."),
            ConfigKey.optional(ACL_GRANTEE, null, "Legacy group grantee URI (e.g. http://acs.amazonaws.com/groups/global/AllUsers); "
                    + "needs aclPermission; takes precedence over cannedAcl."),
            ConfigKey.optional(ACL_PERMISSION, null, "Permission for aclGroupGranteeUri: READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL."),
            ConfigKey.optional(STORAGE_CLASS, null, "Storage class (STANDARD, STANDARD_IA, INTELLIGENT_TIERING, GLACIER_IR, ...). "
                    + "Empty: the bucket's default."),
            ConfigKey.optional(SSE, null, "Server-side encryption: AES256 (SSE-S3) or aws:kms (SSE-KMS, needs signer v4)."),
            ConfigKey.optional(SSE_KMS_KEY, null, "KMS key id or ARN for sse=aws:kms. Empty: the account's default S3 KMS key."),
            ConfigKey.optional(PART_SIZE, "8MiB", "Multipart part size: bytes or with KiB/MiB/GiB; 5MiB to 5GiB. "
                    + "Grown automatically for files that would need more than 10,000 parts."),
            ConfigKey.optional(THRESHOLD, "16MiB", "Files larger than this are uploaded in parts (resumable); "
                    + "smaller ones in one PUT. 5MiB to 5GiB."),
            ConfigKey.optional(THREADS, String.valueOf(DEFAULT_THREADS), "Parts uploaded in parallel per target (1-64)."),
            ConfigKey.optional(CONNECT_TIMEOUT, String.valueOf(DEFAULT_CONNECT_TIMEOUT_MS), "TCP connect timeout in ms."),
            ConfigKey.optional(SOCKET_TIMEOUT, String.valueOf(DEFAULT_SOCKET_TIMEOUT_MS), "Timeout in ms for a stalled read or write on a connection."),
            ConfigKey.optional(MAX_ERROR_RETRY, String.valueOf(DEFAULT_MAX_ERROR_RETRY), "How often the SDK retries a failed "
                    + "request itself (0-20) before reporting it; the caller's backoff comes on top."),
            ConfigKey.optional(SIGNER, "v4-unsigned-payload", "Request signature: v4-unsigned-payload (AWS Signature "
                    + "Version 4; a body protected by Content-MD5, as every part and single PUT is, is left out of the "
                    + "signature instead of being SHA-256-hashed; much less CPU), v4 (Version 4 with every body hashed "
                    + "into the signature: forces payload signing), or v2 for legacy stores that do not support v4."),
            ConfigKey.optional(CHECK_BUCKET, "false", "true: creating the target sends a HEAD request for the bucket and "
                    + "fails with an actionable message on 403, 404 or a region mismatch.")));

    final String bucket;
    final String region;
    final String endpoint;
    final boolean pathStyle;
    final String accessKey;
    final String secretKey;
    final String profile;
    final String profileFile;
    final String keyPrefix;
    final CannedAccessControlList cannedAcl;
    final GroupGrantee aclGrantee;
    final Permission aclPermission;
    final String storageClass;
    final String sse;
    final String sseKmsKeyId;
    final long partSize;
    final long threshold;
    final int threads;
    final int connectTimeoutMs;
    final int socketTimeoutMs;
    final int maxErrorRetry;
    final boolean signerV2;
    /** SigV4 without hashing the body; see {@link UnsignedPayloadSigner}. */
    final boolean unsignedPayload;
    final boolean checkBucket;
    /** Where {@link #region} came from; decides whether create() may ask the bucket for it. */
    final RegionSource regionSource;

    /** Where the region in use came from. */
    enum RegionSource {
        /** The 'region' key. */
        CONFIGURED,
        /** Derived from an Amazon S3 endpoint host name such as s3.eu-west-1.amazonaws.com. */
        ENDPOINT,
        /** Reported by S3 for the bucket (x-amz-bucket-region, or the Region of an error). */
        BUCKET,
        /** Nothing configured and nothing learnt: us-east-1, what S3-compatible stores expect. */
        DEFAULT
    }

    private S3Settings(Parser p) {
        bucket = p.bucket;
        region = p.region;
        endpoint = p.endpoint;
        pathStyle = p.pathStyle;
        accessKey = p.accessKey;
        secretKey = p.secretKey;
        profile = p.profile;
        profileFile = p.profileFile;
        keyPrefix = p.keyPrefix;
        cannedAcl = p.cannedAcl;
        aclGrantee = p.aclGrantee;
        aclPermission = p.aclPermission;
        storageClass = p.storageClass;
        sse = p.sse;
        sseKmsKeyId = p.sseKmsKeyId;
        partSize = p.partSize;
        threshold = p.threshold;
        threads = p.threads;
        connectTimeoutMs = p.connectTimeoutMs;
        socketTimeoutMs = p.socketTimeoutMs;
        maxErrorRetry = p.maxErrorRetry;
        signerV2 = p.signerV2;
        unsignedPayload = p.unsignedPayload;
        checkBucket = p.checkBucket;
        regionSource = p.region == null ? RegionSource.DEFAULT : p.regionFromEndpoint ? RegionSource.ENDPOINT
                : RegionSource.CONFIGURED;
    }

    /** The same settings with the region S3 reported for the bucket. */
    private S3Settings(S3Settings s, String region, RegionSource source) {
        bucket = s.bucket;
        this.region = region;
        endpoint = s.endpoint;
        pathStyle = s.pathStyle;
        accessKey = s.accessKey;
        secretKey = s.secretKey;
        profile = s.profile;
        profileFile = s.profileFile;
        keyPrefix = s.keyPrefix;
        cannedAcl = s.cannedAcl;
        aclGrantee = s.aclGrantee;
        aclPermission = s.aclPermission;
        storageClass = s.storageClass;
        sse = s.sse;
        sseKmsKeyId = s.sseKmsKeyId;
        partSize = s.partSize;
        threshold = s.threshold;
        threads = s.threads;
        connectTimeoutMs = s.connectTimeoutMs;
        socketTimeoutMs = s.socketTimeoutMs;
        maxErrorRetry = s.maxErrorRetry;
        signerV2 = s.signerV2;
        unsignedPayload = s.unsignedPayload;
        checkBucket = s.checkBucket;
        regionSource = source;
    }

    S3Settings withRegion(String newRegion, RegionSource source) {
        return new S3Settings(this, newRegion, source);
    }

    /** Validates everything first and reports every problem in one PERMANENT exception. */
    static S3Settings parse(Map<String, String> config) throws UploadException {
        Parser p = new Parser(config);
        p.parse();
        if (!p.problems.isEmpty()) {
            throw UploadException.permanent("invalid configuration of provider 's3': " + String.join("; ", p.problems));
        }
        return new S3Settings(p);
    }

    /** The full object key for an SPI key. */
    String objectKey(String key) {
        return keyPrefix + key;
    }

    /** Where objects go, without secrets. */
    String describe() {
        return "s3://" + bucket + "/" + keyPrefix + " at " + (endpoint != null ? endpoint : "Amazon S3")
                + " (region " + effectiveRegion() + (regionSource == RegionSource.BUCKET ? ", as S3 reports for the bucket"
                : regionSource == RegionSource.ENDPOINT ? ", from the endpoint's host name" : "") + ")";
    }

    String effectiveRegion() {
        return region != null ? region : DEFAULT_REGION;
    }

    private static final class Parser {
        private final Map<String, String> config;
        final List<String> problems = new ArrayList<>();
        String bucket;
        String region;
        String endpoint;
        boolean pathStyle;
        String accessKey;
        String secretKey;
        String profile;
        String profileFile;
        String keyPrefix = "";
        CannedAccessControlList cannedAcl;
        GroupGrantee aclGrantee;
        Permission aclPermission;
        String storageClass;
        String sse;
        String sseKmsKeyId;
        long partSize = DEFAULT_PART_SIZE;
        long threshold = DEFAULT_THRESHOLD;
        int threads = DEFAULT_THREADS;
        int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        int socketTimeoutMs = DEFAULT_SOCKET_TIMEOUT_MS;
        int maxErrorRetry = DEFAULT_MAX_ERROR_RETRY;
        boolean signerV2;
        boolean unsignedPayload;
        boolean checkBucket;
        boolean regionFromEndpoint;

        Parser(Map<String, String> config) {
            this.config = config;
        }

        /** The trimmed value, or null when absent or blank. */
        private String get(String key) {
            String v = config.get(key);
            if (v == null) {
                return null;
            }
            v = v.trim();
            return v.isEmpty() ? null : v;
        }

        void parse() {
            bucket = get(BUCKET);
            if (bucket == null) {
                problems.add("'" + BUCKET + "' is required: set it to the name of the bucket to upload to");
            } else if (!bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]{1,254}")) {
                problems.add("'" + BUCKET + "' = '" + bucket + "' is not a bucket name: use the bare name "
                        + "(3-63 lowercase letters, digits, '.' and '-'), without s3:// or a path");
            }
            region = get(REGION);
            if (region != null && !region.matches("[a-z0-9][a-z0-9-]*[a-z0-9]")) {
                problems.add("'" + REGION + "' = '" + region + "' is not a region name: use a name such as eu-west-1");
            }
            parseEndpoint();
            pathStyle = bool(PATH_STYLE, false);
            parseCredentials();
            String prefix = config.get(KEY_PREFIX);
            if (prefix != null && !prefix.trim().isEmpty()) {
                keyPrefix = prefix.trim();
                if (keyPrefix.startsWith("/") || keyPrefix.indexOf('\0') >= 0) {
                    problems.add("'" + KEY_PREFIX + "' = '" + keyPrefix + "' must not start with '/' or contain NUL: "
                            + "write it relative, e.g. recordings/");
                }
            }
            parseAcl();
            storageClass = get(STORAGE_CLASS);
            if (storageClass != null) {
                String upper = storageClass.toUpperCase(Locale.ROOT);
                if (!STORAGE_CLASSES.contains(upper)) {
                    problems.add("'" + STORAGE_CLASS + "' = '" + storageClass + "' is unknown: use one of " + STORAGE_CLASSES);
                }
                storageClass = upper;
            }
            String signer = get(SIGNER);
            if (signer != null && !signer.equalsIgnoreCase("v4") && !signer.equalsIgnoreCase("v2")
                    && !signer.equalsIgnoreCase("v4-unsigned-payload")) {
                problems.add("'" + SIGNER + "' = '" + signer + "' is unknown: use v4, v4-unsigned-payload or v2");
            }
            signerV2 = "v2".equalsIgnoreCase(signer);
            // Content-MD5 protects every part and single PUT, over http too; "v4" forces payload signing.
            unsignedPayload = signer == null || "v4-unsigned-payload".equalsIgnoreCase(signer);
            parseSse();
            Long ps = size(PART_SIZE);
            if (ps != null) {
                if (ps < PartSizes.MIN_PART || ps > PartSizes.MAX_PART) {
                    problems.add("'" + PART_SIZE + "' = '" + get(PART_SIZE) + "' is outside S3's part limits: use 5MiB to 5GiB");
                } else {
                    partSize = ps;
                }
            }
            Long th = size(THRESHOLD);
            if (th != null) {
                if (th < PartSizes.MIN_PART || th > PartSizes.MAX_PART) {
                    problems.add("'" + THRESHOLD + "' = '" + get(THRESHOLD) + "' is outside 5MiB to 5GiB (S3's largest single PUT)");
                } else {
                    threshold = th;
                }
            }
            threads = integer(THREADS, DEFAULT_THREADS, 1, 64);
            connectTimeoutMs = integer(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT_MS, 1, 3_600_000);
            socketTimeoutMs = integer(SOCKET_TIMEOUT, DEFAULT_SOCKET_TIMEOUT_MS, 1, 3_600_000);
            maxErrorRetry = integer(MAX_ERROR_RETRY, DEFAULT_MAX_ERROR_RETRY, 0, 20);
            checkBucket = bool(CHECK_BUCKET, false);
        }

        /** The endpoint's scheme in lowercase; "https" without an endpoint (AWS itself). */
        private String endpointScheme() {
            if (endpoint == null) {
                return "https";
            }
            int colon = endpoint.indexOf(':');
            return colon < 0 ? "" : endpoint.substring(0, colon).toLowerCase(Locale.ROOT);
        }

        private void parseEndpoint() {
            endpoint = get(ENDPOINT);
            if (endpoint == null) {
                return;
            }
            if (!endpoint.contains("://")) {
                // The original module's form: a bare host (and port). The SDK took it as https.
                endpoint = "https://" + endpoint;
            }
            String fix = ": use a host name such as s3.eu-west-1.amazonaws.com, or a URL such as "
                    + "https://minio.example:9000 or http://127.0.0.1:9000";
            try {
                URI u = new URI(endpoint);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                    // The value is not repeated: a malformed URL may still carry a password.
                    problems.add("'" + ENDPOINT + "' is not an http(s) URL with a host (scheme '" + scheme + "')" + fix);
                } else if (u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null
                        || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))) {
                    problems.add("'" + ENDPOINT + "' must be only scheme, host and port (no path, user or query)" + fix);
                } else {
                    if (endpoint.endsWith("/")) {
                        endpoint = endpoint.substring(0, endpoint.length() - 1);
                    }
                    String derived = AwsEndpoints.regionOf(u.getHost());
                    if (region == null && derived != null) {
                        region = derived;
                        regionFromEndpoint = true;
                    }
                }
            } catch (URISyntaxException e) {
                problems.add("'" + ENDPOINT + "' is not a valid URL (" + e.getReason() + ")" + fix);
            }
        }

        private void parseCredentials() {
            accessKey = get(ACCESS_KEY);
            secretKey = get(SECRET_KEY);
            if (accessKey != null && secretKey == null) {
                problems.add("'" + ACCESS_KEY + "' is set but '" + SECRET_KEY + "' is missing: set both, "
                        + "or neither to use a profile or the default credentials chain");
            } else if (accessKey == null && secretKey != null) {
                problems.add("'" + SECRET_KEY + "' is set but '" + ACCESS_KEY + "' is missing: set both, "
                        + "or neither to use a profile or the default credentials chain");
            }
            profile = get(PROFILE);
            profileFile = get(PROFILE_FILE);
            if (profileFile != null) {
                Path f = Paths.get(profileFile);
                if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                    problems.add("'" + PROFILE_FILE + "' = '" + profileFile + "' is not a readable file: "
                            + "fix the path or remove the key to use ~/.aws/credentials");
                }
            }
        }

        private void parseAcl() {
            String canned = get(CANNED_ACL);
            if (canned != null) {
                for (CannedAccessControlList c : CannedAccessControlList.values()) {
                    if (c.toString().equalsIgnoreCase(canned)) {
                        cannedAcl = c;
                    }
                }
                if (cannedAcl == null) {
                    List<String> allowed = new ArrayList<>();
                    for (CannedAccessControlList c : CannedAccessControlList.values()) {
                        allowed.add(c.toString());
                    }
                    problems.add("'" + CANNED_ACL + "' = '" + canned + "' is unknown: use one of " + allowed
                            + " or leave it empty (buckets created since 2023 reject ACLs)");
                }
            }
            String grantee = get(ACL_GRANTEE);
            String permission = get(ACL_PERMISSION);
            if ((grantee == null) != (permission == null)) {
                problems.add("'" + (grantee == null ? ACL_GRANTEE : ACL_PERMISSION) + "' is missing: '" + ACL_GRANTEE
                        + "' and '" + ACL_PERMISSION + "' are set together or not at all");
            }
            if (grantee != null) {
                aclGrantee = GroupGrantee.parseGroupGrantee(grantee);
                if (aclGrantee == null) {
                    List<String> allowed = new ArrayList<>();
                    for (GroupGrantee g : GroupGrantee.values()) {
                        allowed.add(g.getIdentifier());
                    }
                    problems.add("'" + ACL_GRANTEE + "' = '" + grantee + "' is not a group grantee URI: use one of " + allowed);
                }
            }
            if (permission != null) {
                aclPermission = Permission.parsePermission(permission.toUpperCase(Locale.ROOT));
                if (aclPermission == null) {
                    problems.add("'" + ACL_PERMISSION + "' = '" + permission
                            + "' is unknown: use READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL");
                }
            }
        }

        private void parseSse() {
            sse = get(SSE);
            sseKmsKeyId = get(SSE_KMS_KEY);
            if (sse != null) {
                if (sse.equalsIgnoreCase("AES256")) {
                    sse = "AES256";
                } else if (sse.equalsIgnoreCase("aws:kms")) {
                    sse = "aws:kms";
                    if (signerV2) {
                        problems.add("'" + SSE + "' = 'aws:kms' needs Signature Version 4: remove '" + SIGNER + "' = v2");
                    }
                } else {
                    problems.add("'" + SSE + "' = '" + sse + "' is unknown: use AES256 or aws:kms, or leave it empty");
                }
            }
            if (sseKmsKeyId != null && !"aws:kms".equals(sse)) {
                problems.add("'" + SSE_KMS_KEY + "' is set but '" + SSE + "' is not aws:kms: set " + SSE + "=aws:kms or remove the key id");
            }
        }

        private boolean bool(String key, boolean dflt) {
            String v = get(key);
            if (v == null) {
                return dflt;
            }
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")) {
                return true;
            }
            if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) {
                return false;
            }
            problems.add("'" + key + "' = '" + v + "' is not a boolean: use true or false");
            return dflt;
        }

        private int integer(String key, int dflt, int min, int max) {
            String v = get(key);
            if (v == null) {
                return dflt;
            }
            try {
                int i = Integer.parseInt(v);
                if (i >= min && i <= max) {
                    return i;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add("'" + key + "' = '" + v + "' is not a whole number from " + min + " to " + max);
            return dflt;
        }

        /** Bytes, or a number with KiB/MiB/GiB (read as every provider reads sizes: {@link ByteSizes}). */
        private Long size(String key) {
            String v = get(key);
            if (v == null) {
                return null;
            }
            long n = ByteSizes.parse(v);
            if (n > 0) {
                return n;
            }
            problems.add("'" + key + "' = '" + v + "' is not a size: use bytes or a number with KiB, MiB or GiB (e.g. 8MiB)");
            return null;
        }
    }
}
