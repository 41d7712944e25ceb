package org.s3upload.provider.s3;

import static org.s3upload.provider.s3.S3ConfigKeys.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.s3upload.spi.support.Setting;
import org.s3upload.spi.support.SettingsReader;

import com.amazonaws.services.s3.model.CannedAccessControlList;
import com.amazonaws.services.s3.model.GroupGrantee;
import com.amazonaws.services.s3.model.Permission;

/**
 * Reads and checks the configuration map of one S3 target, collecting every problem (each naming
 * its key and the fix) in its {@link SettingsReader}; {@link S3Settings#parse} turns the result into
 * the immutable settings or one exception. Used once, then dropped.
 */
final class S3SettingsParser {
    final SettingsReader settings;
    // The values read so far; S3Settings copies them once parse() found no problem.
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
    long partSize;
    long threshold;
    int threads;
    int connectTimeoutMs;
    int socketTimeoutMs;
    int maxErrorRetry;
    boolean signerV2;
    boolean unsignedPayload;
    boolean checkBucket;
    boolean regionFromEndpoint;

    S3SettingsParser(Map<String, String> config) {
        this.settings = new SettingsReader(config);
    }

    private <T> T get(Setting<T> setting) {
        return settings.get(setting);
    }

    private void problem(String message) {
        settings.problem(message);
    }

    void parse() {
        bucket = get(BUCKET);
        if (bucket != null && !bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]{1,254}")) {
            problem("'" + BUCKET + "' = '" + bucket + "' is not a bucket name: use the bare name "
                    + "(3-63 lowercase letters, digits, '.' and '-'), without s3:// or a path");
        }
        region = get(REGION);
        if (region != null && !region.matches("[a-z0-9][a-z0-9-]*[a-z0-9]")) {
            problem("'" + REGION + "' = '" + region + "' is not a region name: use a name such as eu-west-1");
        }
        parseEndpoint();
        pathStyle = get(PATH_STYLE);
        parseCredentials();
        String prefix = get(KEY_PREFIX);
        if (prefix != null) {
            keyPrefix = prefix;
            if (keyPrefix.startsWith("/") || keyPrefix.indexOf('\0') >= 0) {
                problem("'" + KEY_PREFIX + "' = '" + keyPrefix + "' must not start with '/' or contain NUL: "
                        + "write it relative, e.g. recordings/");
            }
        }
        parseAcl();
        storageClass = get(STORAGE_CLASS);
        if (storageClass != null) {
            String upper = storageClass.toUpperCase(Locale.ROOT);
            if (!STORAGE_CLASSES.contains(upper)) {
                problem("'" + STORAGE_CLASS + "' = '" + storageClass + "' is unknown: use one of " + STORAGE_CLASSES);
            }
            storageClass = upper;
        }
        String signer = get(SIGNER);
        if (signer != null && !signer.equalsIgnoreCase("v4") && !signer.equalsIgnoreCase("v2")
                && !signer.equalsIgnoreCase("v4-unsigned-payload")) {
            problem("'" + SIGNER + "' = '" + signer + "' is unknown: use v4, v4-unsigned-payload or v2");
        }
        signerV2 = "v2".equalsIgnoreCase(signer);
        // Content-MD5 protects every part and single PUT, over http too; "v4" forces payload signing.
        unsignedPayload = signer == null || "v4-unsigned-payload".equalsIgnoreCase(signer);
        parseSse();
        partSize = get(PART_SIZE);
        threshold = get(THRESHOLD);
        threads = get(THREADS);
        connectTimeoutMs = get(CONNECT_TIMEOUT);
        socketTimeoutMs = get(SOCKET_TIMEOUT);
        maxErrorRetry = get(MAX_ERROR_RETRY);
        checkBucket = get(CHECK_BUCKET);
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
                problem("'" + ENDPOINT + "' is not an http(s) URL with a host (scheme '" + scheme + "')" + fix);
            } else if (u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null
                    || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))) {
                problem("'" + ENDPOINT + "' must be only scheme, host and port (no path, user or query)" + fix);
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
            problem("'" + ENDPOINT + "' is not a valid URL (" + e.getReason() + ")" + fix);
        }
    }

    private void parseCredentials() {
        accessKey = get(ACCESS_KEY);
        secretKey = get(SECRET_KEY);
        if (accessKey != null && secretKey == null) {
            problem("'" + ACCESS_KEY + "' is set but '" + SECRET_KEY + "' is missing: set both, "
                    + "or neither to use a profile or the default credentials chain");
        } else if (accessKey == null && secretKey != null) {
            problem("'" + SECRET_KEY + "' is set but '" + ACCESS_KEY + "' is missing: set both, "
                    + "or neither to use a profile or the default credentials chain");
        }
        profile = get(PROFILE);
        profileFile = get(PROFILE_FILE);
        if (profileFile != null) {
            Path f = Paths.get(profileFile);
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                problem("'" + PROFILE_FILE + "' = '" + profileFile + "' is not a readable file: "
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
                problem("'" + CANNED_ACL + "' = '" + canned + "' is unknown: use one of " + allowed
                        + " or leave it empty (buckets created since 2023 reject ACLs)");
            }
        }
        String grantee = get(ACL_GRANTEE);
        String permission = get(ACL_PERMISSION);
        if ((grantee == null) != (permission == null)) {
            problem("'" + (grantee == null ? ACL_GRANTEE : ACL_PERMISSION) + "' is missing: '" + ACL_GRANTEE
                    + "' and '" + ACL_PERMISSION + "' are set together or not at all");
        }
        if (grantee != null) {
            aclGrantee = GroupGrantee.parseGroupGrantee(grantee);
            if (aclGrantee == null) {
                List<String> allowed = new ArrayList<>();
                for (GroupGrantee g : GroupGrantee.values()) {
                    allowed.add(g.getIdentifier());
                }
                problem("'" + ACL_GRANTEE + "' = '" + grantee + "' is not a group grantee URI: use one of " + allowed);
            }
        }
        if (permission != null) {
            aclPermission = Permission.parsePermission(permission.toUpperCase(Locale.ROOT));
            if (aclPermission == null) {
                problem("'" + ACL_PERMISSION + "' = '" + permission
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
                    problem("'" + SSE + "' = 'aws:kms' needs Signature Version 4: remove '" + SIGNER + "' = v2");
                }
            } else {
                problem("'" + SSE + "' = '" + sse + "' is unknown: use AES256 or aws:kms, or leave it empty");
            }
        }
        if (sseKmsKeyId != null && !"aws:kms".equals(sse)) {
            problem("'" + SSE_KMS_KEY + "' is set but '" + SSE + "' is not aws:kms: set " + SSE + "=aws:kms or remove the key id");
        }
    }
}
