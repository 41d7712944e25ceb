package org.s3upload.provider.s3;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.s3upload.spi.ConfigKey;
import org.s3upload.spi.support.Setting;
import org.s3upload.spi.support.SettingsReader;

/**
 * The configuration keys of provider 's3'. Every key declared once: name, type, default, range,
 * secret or not, documentation. Parsing ({@link S3SettingsParser}), configKeys() and the README's
 * table (S3ReadmeTableTest) all derive from these, and error messages name them.
 */
final class S3ConfigKeys {
    static final Setting<String> BUCKET = Setting.text("bucket", "Bucket that receives the objects.")
            .required("set it to the name of the bucket to upload to");
    static final Setting<String> REGION = Setting.text("region", "Region of the bucket (e.g. eu-west-1); used to pick the AWS "
            + "endpoint and to sign requests (SigV4). Empty: taken from an Amazon S3 endpoint host name, else "
            + "asked of S3 for the bucket when the target is created (us-east-1 if the store names none).");
    static final Setting<String> ENDPOINT = Setting.text("endpoint", "URL of an S3-compatible endpoint (https://minio.example:9000, "
            + "http://127.0.0.1:9000), or a bare host[:port], taken as https (s3.eu-west-1.amazonaws.com, "
            + "minio.local:9000). Empty: Amazon S3 for the region.");
    static final Setting<Boolean> PATH_STYLE = Setting.flag("pathStyleAccess", false, "true: address the bucket in the path "
            + "(https://host/bucket/key), as MinIO, Ceph and most self-hosted stores need; false: virtual-host style "
            + "(https://bucket.host/key).");
    static final Setting<String> ACCESS_KEY = Setting.text("accessKey",
            "Static access key id; needs secretKey. Empty: profile or the SDK default chain.");
    static final Setting<String> SECRET_KEY = Setting.text("secretKey", "Static secret access key; needs accessKey.").secret();
    static final Setting<String> PROFILE = Setting.text("profile",
            "Named profile of an AWS credentials file (used when no static keys are set).");
    static final Setting<String> PROFILE_FILE = Setting.text("profileFile",
            "Path of the credentials file for profile (default ~/.aws/credentials).");
    static final Setting<String> KEY_PREFIX = Setting.text("keyPrefix", "Prepended verbatim to every object key (end it "
            + "with '/' for a folder); incomplete-upload listing is scoped within it.").whenAbsent("");
    static final Setting<String> CANNED_ACL = Setting.text("cannedAcl", "Canned ACL header value (private, public-read, "
            + "bucket-owner-full-control, ...). Empty: none; buckets with Object Ownership 'bucket owner enforced' reject ACLs.");
    static final Setting<String> ACL_GRANTEE = Setting.text("aclGroupGranteeUri", "Legacy group grantee URI (e.g. "
            + "http://acs.amazonaws.com/groups/global/AllUsers); needs aclPermission; takes precedence over cannedAcl.");
    static final Setting<String> ACL_PERMISSION = Setting.text("aclPermission",
            "Permission for aclGroupGranteeUri: READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL.");
    static final Setting<String> STORAGE_CLASS = Setting.text("storageClass", "Storage class (STANDARD, STANDARD_IA, "
            + "INTELLIGENT_TIERING, GLACIER_IR, ...). Empty: the bucket's default.");
    static final Setting<String> SSE = Setting.text("sse",
            "Server-side encryption: AES256 (SSE-S3) or aws:kms (SSE-KMS, needs signer v4).");
    static final Setting<String> SSE_KMS_KEY = Setting.text("sseKmsKeyId",
            "KMS key id or ARN for sse=aws:kms. Empty: the account's default S3 KMS key.");
    // 16 MiB: half the requests of 8 MiB per GiB (each costs signing, headers and the SDK's request path);
    // on a quiet 2-core machine 0.15-0.3 client CPU s per GiB less and no slower (results/2026-12-04-part-size.md).
    // The part buffers are no larger than before: single PUTs up to the 16 MiB threshold already needed that much.
    static final Setting<Long> PART_SIZE = Setting.size("partSize", 16 * PartSizes.MIB, PartSizes.MIN_PART, PartSizes.MAX_PART,
            "Multipart part size: bytes or with KiB/MiB/GiB; 5MiB to 5GiB. Grown automatically for files that would "
            + "need more than 10,000 parts.");
    static final Setting<Long> THRESHOLD = Setting.size("multipartThreshold", 16 * PartSizes.MIB, PartSizes.MIN_PART,
            PartSizes.MAX_PART, "Files larger than this are uploaded in parts (resumable); smaller ones in one PUT. "
            + "5MiB to 5GiB (S3's largest single PUT).");
    static final Setting<Integer> THREADS = Setting.wholeNumber("uploadThreads", 4, 1, 64,
            "Parts uploaded in parallel per target (1-64).");
    static final Setting<Integer> CONNECT_TIMEOUT = Setting.wholeNumber("connectionTimeoutMs", 10_000, 1, 3_600_000,
            "TCP connect timeout in ms.");
    static final Setting<Integer> SOCKET_TIMEOUT = Setting.wholeNumber("socketTimeoutMs", 50_000, 1, 3_600_000,
            "Timeout in ms for a stalled read or write on a connection.");
    static final Setting<Integer> MAX_ERROR_RETRY = Setting.wholeNumber("maxErrorRetry", 3, 0, 20, "How often the SDK "
            + "retries a failed request itself (0-20) before reporting it; the caller's backoff comes on top.");
    static final Setting<String> SIGNER = Setting.text("signer", "Request signature: v4-unsigned-payload (AWS Signature "
            + "Version 4; a body protected by Content-MD5, as every part and single PUT is, is left out of the "
            + "signature instead of being SHA-256-hashed; much less CPU), v4 (Version 4 with every body hashed "
            + "into the signature: forces payload signing), or v2 for legacy stores that do not support v4.")
            .whenAbsent("v4-unsigned-payload");
    static final Setting<Boolean> CHECK_BUCKET = Setting.flag("checkBucket", false, "true: creating the target sends a "
            + "HEAD request for the bucket and fails with an actionable message on 403, 404 or a region mismatch.");

    /** Every setting, in the order configKeys() and the README list them. */
    static final List<Setting<?>> SETTINGS = Collections.unmodifiableList(Arrays.<Setting<?>>asList(BUCKET, REGION, ENDPOINT,
            PATH_STYLE, ACCESS_KEY, SECRET_KEY, PROFILE, PROFILE_FILE, KEY_PREFIX, CANNED_ACL, ACL_GRANTEE, ACL_PERMISSION,
            STORAGE_CLASS, SSE, SSE_KMS_KEY, PART_SIZE, THRESHOLD, THREADS, CONNECT_TIMEOUT, SOCKET_TIMEOUT, MAX_ERROR_RETRY,
            SIGNER, CHECK_BUCKET));

    static final List<ConfigKey> KEYS = SettingsReader.keys(SETTINGS);

    /** Storage classes S3 documents; S3-compatible stores accept a subset (usually STANDARD). */
    static final Set<String> STORAGE_CLASSES = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
            "GLACIER_IR", "DEEP_ARCHIVE", "OUTPOSTS", "EXPRESS_ONEZONE")));

    private S3ConfigKeys() {
    }
}
