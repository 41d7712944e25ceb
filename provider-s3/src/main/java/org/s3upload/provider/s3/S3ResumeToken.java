package org.s3upload.provider.s3;

import java.util.Map;

import org.s3upload.internal.Json;
import org.s3upload.spi.support.ResumeTokens;
import org.s3upload.api.UploadException;

/**
 * What a resume token of provider "s3" holds: the fields of the SDK's PersistableUpload (bucket,
 * key, upload id, part size, multipart threshold), the local file's fingerprint, and the content
 * type (tokens of earlier releases also carry the whole-file MD5, no longer used). No secrets, no endpoint. Immutable.
 *
 * <p>Three shapes are read: our own format 1; the bare PersistableUpload JSON that the original
 * ModuleS3Upload wrote into its {@code .upload} markers (legacy: no fingerprint, so its parts are
 * checked against the local file before they are trusted); and the abort-only tokens of
 * {@code listIncomplete}, which name just bucket, key and upload id.
 */
final class S3ResumeToken {
    static final String PROVIDER_ID = "s3";
    static final int FORMAT = 1;

    final String bucket;
    /** The full object key, key prefix included. */
    final String objectKey;
    final String uploadId;
    /** The SDK's minimum part size when the upload began; see {@link PartSizes#sdkPartSize}. */
    final long partSize;
    final long threshold;
    /** Absolute local path when the upload began; null for abort-only tokens. */
    final String file;
    /** -1 when unknown (legacy and abort-only tokens). */
    final long fileSize;
    final long fileMtime;
    final String md5;
    final String contentType;
    final boolean legacy;
    final boolean abortOnly;

    private S3ResumeToken(String bucket, String objectKey, String uploadId, long partSize, long threshold, String file,
            long fileSize, long fileMtime, String md5, String contentType, boolean legacy, boolean abortOnly) {
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.uploadId = uploadId;
        this.partSize = partSize;
        this.threshold = threshold;
        this.file = file;
        this.fileSize = fileSize;
        this.fileMtime = fileMtime;
        this.md5 = md5;
        this.contentType = contentType;
        this.legacy = legacy;
        this.abortOnly = abortOnly;
    }

    static S3ResumeToken of(String bucket, String objectKey, String uploadId, long partSize, long threshold,
            String file, long fileSize, long fileMtime, String md5, String contentType) {
        return new S3ResumeToken(bucket, objectKey, uploadId, partSize, threshold, file, fileSize, fileMtime, md5,
                contentType, false, false);
    }

    static S3ResumeToken abortOnly(String bucket, String objectKey, String uploadId) {
        return new S3ResumeToken(bucket, objectKey, uploadId, 0, 0, null, -1, -1, null, null, false, true);
    }

    String toJson() {
        Map<String, Object> m = ResumeTokens.envelope(PROVIDER_ID, FORMAT);
        m.put("bucket", bucket);
        m.put("key", objectKey);
        m.put("uploadId", uploadId);
        if (!abortOnly) {
            m.put("partSize", partSize);
            m.put("threshold", threshold);
            m.put("file", file);
            m.put("size", fileSize);
            m.put("mtime", fileMtime);
            if (md5 != null) {
                m.put("md5", md5); // written by releases before the one-pass proof; read, no longer needed
            }
            if (contentType != null) {
                m.put("contentType", contentType);
            }
        }
        return Json.write(m);
    }

    /** Reads any of the three shapes; anything else is RESUME_REJECTED with the reason. */
    static S3ResumeToken parse(String token) throws UploadException {
        if (token == null) {
            throw UploadException.resumeRejected("resume token is null; the upload must start afresh");
        }
        Map<String, Object> m;
        try {
            m = Json.parseObject(token);
        } catch (IllegalArgumentException e) {
            throw UploadException.resumeRejected("resume token is not valid JSON (" + e.getMessage()
                    + "); the upload must start afresh");
        }
        if (!m.containsKey(ResumeTokens.PROVIDER) && "upload".equals(m.get("pauseType"))) {
            return legacy(m);
        }
        m = ResumeTokens.open(token, PROVIDER_ID, FORMAT);
        String bucket = ResumeTokens.string(m, "bucket");
        String key = ResumeTokens.string(m, "key");
        String uploadId = ResumeTokens.string(m, "uploadId");
        if (!m.containsKey("file")) {
            return abortOnly(bucket, key, uploadId);
        }
        Object ct = m.get("contentType");
        return of(bucket, key, uploadId, ResumeTokens.number(m, "partSize"), ResumeTokens.number(m, "threshold"),
                ResumeTokens.string(m, "file"), ResumeTokens.number(m, "size"), ResumeTokens.number(m, "mtime"),
                m.get("md5") instanceof String ? (String) m.get("md5") : null, ct instanceof String ? (String) ct : null);
    }

    /** The SDK 1.10.x PersistableUpload JSON of the original module's markers. */
    private static S3ResumeToken legacy(Map<String, Object> m) throws UploadException {
        String bucket = ResumeTokens.string(m, "bucketName");
        String key = ResumeTokens.string(m, "key");
        String file = ResumeTokens.string(m, "file");
        String uploadId = ResumeTokens.string(m, "multipartUploadId");
        long partSize = ResumeTokens.number(m, "partSize");
        // The SDK's own spelling of the field name.
        long threshold = ResumeTokens.number(m, "mutlipartUploadThreshold");
        if (partSize <= 0) {
            throw UploadException.resumeRejected("legacy upload marker for key '" + key + "' has part size " + partSize
                    + "; the upload must start afresh");
        }
        return new S3ResumeToken(bucket, key, uploadId, partSize, threshold, file, -1, -1, null, null, true, false);
    }

    @Override
    public String toString() {
        return "S3ResumeToken{s3://" + bucket + "/" + objectKey + ", uploadId=" + uploadId + (legacy ? ", legacy" : "") + "}";
    }
}
