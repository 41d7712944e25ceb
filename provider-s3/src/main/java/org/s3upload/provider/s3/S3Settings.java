package org.s3upload.provider.s3;

import java.util.Map;

import org.s3upload.api.UploadException;

import com.amazonaws.services.s3.model.CannedAccessControlList;
import com.amazonaws.services.s3.model.GroupGrantee;
import com.amazonaws.services.s3.model.Permission;

/**
 * The validated configuration of one S3 target. Immutable. Holds the secret key, so it has no
 * toString that could leak it. The keys are declared in {@link S3ConfigKeys} and checked by
 * {@link S3SettingsParser}.
 */
final class S3Settings {
    static final String DEFAULT_REGION = "us-east-1";

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

    private S3Settings(S3SettingsParser p) {
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
        S3SettingsParser p = new S3SettingsParser(config);
        p.parse();
        p.settings.throwIfInvalid("invalid configuration of provider 's3'");
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
}
