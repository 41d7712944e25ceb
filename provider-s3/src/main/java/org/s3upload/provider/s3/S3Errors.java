package org.s3upload.provider.s3;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

import org.s3upload.api.UploadException;

import com.amazonaws.AmazonClientException;
import com.amazonaws.AmazonServiceException;

/**
 * Turns SDK failures into {@link UploadException}s whose kind tells the caller whether to retry and
 * whose message names the bucket or key and the fix. Messages are built from error codes and S3's
 * own error text, which carry no secrets.
 */
final class S3Errors {
    private S3Errors() {
    }

    /** The first AmazonServiceException in the cause chain (the SDK wraps part failures). */
    static AmazonServiceException serviceCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AmazonServiceException) {
                return (AmazonServiceException) c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    static String errorCode(Throwable t) {
        AmazonServiceException s = serviceCause(t);
        return s == null ? null : s.getErrorCode();
    }

    static boolean isNotFound(Throwable t) {
        AmazonServiceException s = serviceCause(t);
        return s != null && s.getStatusCode() == 404;
    }

    /** A refusal by policy (403 AccessDenied), not by a bad key or signature. */
    static boolean isAccessDenied(Throwable t) {
        AmazonServiceException s = serviceCause(t);
        return s != null && s.getStatusCode() == 403 && "AccessDenied".equals(s.getErrorCode());
    }

    static boolean isNoSuchUpload(Throwable t) {
        return "NoSuchUpload".equals(errorCode(t));
    }

    /**
     * Classifies {@code t}, raised while doing {@code what} (e.g. "uploading /x.mp4 to s3://b/k"),
     * against a target described by {@code s}.
     */
    static UploadException classify(Throwable t, String what, S3Settings s) {
        if (t instanceof UploadException) {
            return (UploadException) t;
        }
        AmazonServiceException se = serviceCause(t);
        if (se != null) {
            return classifyService(se, t, what, s);
        }
        IOException local = localFileProblem(t);
        if (local != null) {
            return UploadException.permanent(what + " failed: the local file cannot be read (" + local
                    + "): check that it exists and is readable", t);
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (rootIs(t, ObservedS3Client.StoredPartMismatchException.class)) {
            return UploadException.retryable(what + " failed: " + msg + "; the upload is not complete, retry", t);
        }
        if (msg.contains("Unable to verify integrity of data upload")) {
            return UploadException.retryable(what + " failed: the data S3 stored did not match what was sent "
                    + "(MD5 mismatch, corrupted in transit); retry", t);
        }
        if (t instanceof AmazonClientException || rootIs(t, IOException.class)) {
            return UploadException.retryable(what + " failed: cannot reach " + endpointOf(s) + " (" + rootMessage(t)
                    + "); retry later, and check the endpoint, network and proxy settings if it persists", t);
        }
        return UploadException.retryable(what + " failed unexpectedly (" + t + "); retry", t);
    }

    private static UploadException classifyService(AmazonServiceException se, Throwable t, String what, S3Settings s) {
        String code = se.getErrorCode() == null ? "" : se.getErrorCode();
        int status = se.getStatusCode();
        String detail = " (HTTP " + status + (code.isEmpty() ? "" : " " + code)
                + (se.getErrorMessage() != null ? ": " + se.getErrorMessage() : "") + ")";
        String bucket = "bucket '" + s.bucket + "'";
        switch (code) {
            case "SlowDown":
            case "Throttling":
            case "ThrottlingException":
            case "TooManyRequestsException":
            case "RequestTimeout":
            case "InternalError":
            case "ServiceUnavailable":
            case "OperationAborted":
            case "RequestTimeTooSkewed":
                return UploadException.retryable(what + " failed" + detail + "; retry later"
                        + ("RequestTimeTooSkewed".equals(code) ? " and check this host's clock (NTP)" : ""), t);
            case "BadDigest":
                return UploadException.retryable(what + " failed" + detail + ": the body the store received did not "
                        + "match its Content-MD5 (damaged on the way); nothing was stored, retry", t);
            case "InvalidPart":
                return UploadException.retryable(what + " failed" + detail + ": a stored part no longer has the ETag "
                        + "of the bytes sent (replaced by another writer?); the retry proves every stored part and "
                        + "sends the differing ones again", t);
            case "InvalidAccessKeyId":
                return UploadException.permanent(what + " failed" + detail + ": the access key id is unknown to "
                        + endpointOf(s) + "; fix '" + S3ConfigKeys.ACCESS_KEY + "' (or the profile / default credentials)", t);
            case "SignatureDoesNotMatch":
                return UploadException.permanent(what + " failed" + detail + ": the secret key does not match the "
                        + "access key; fix '" + S3ConfigKeys.SECRET_KEY + "' (or the profile), and check '"
                        + S3ConfigKeys.REGION + "' and '" + S3ConfigKeys.SIGNER + "' for this endpoint", t);
            case "AccessDenied":
            case "AllAccessDisabled":
            case "AccountProblem":
                return UploadException.permanent(what + " failed" + detail + ": the credentials are valid but may not "
                        + "write to " + bucket + "; grant s3:PutObject, s3:AbortMultipartUpload, s3:ListMultipartUploadParts"
                        + " (and s3:PutObjectAcl with an ACL, kms:GenerateDataKey with SSE-KMS) on arn:aws:s3:::" + s.bucket
                        + "/" + s.keyPrefix + "*", t);
            case "NoSuchBucket":
                return UploadException.permanent(what + " failed" + detail + ": " + bucket + " does not exist at "
                        + endpointOf(s) + "; create it or fix '" + S3ConfigKeys.BUCKET + "' (and '" + S3ConfigKeys.REGION
                        + "' / '" + S3ConfigKeys.ENDPOINT + "')", t);
            case "AccessControlListNotSupported":
                // S3 User Guide, "Controlling ownership of objects and disabling ACLs for your bucket".
                return UploadException.permanent(what + " failed" + detail + ": " + bucket + " does not allow ACLs "
                        + "(its Object Ownership setting is 'Bucket owner enforced', the default for buckets created since "
                        + "April 2023), but the ACL set by '" + aclKey(s) + "' was sent; remove '" + aclKey(s)
                        + "' (s3UploadCannedAcl / s3UploadACLGroupGranteeUri in Application.xml), or set the bucket's "
                        + "Object Ownership to 'Bucket owner preferred' if objects really need ACLs", t);
            case "PermanentRedirect":
            case "AuthorizationHeaderMalformed":
            case "IllegalLocationConstraintException": {
                String right = BucketRegion.fromError(t);
                return UploadException.permanent(what + " failed" + detail + ": " + bucket + " is not in region "
                        + s.effectiveRegion() + "; set '" + S3ConfigKeys.REGION + "' to "
                        + (right != null ? right : "the bucket's region") + " (or leave it empty to use the bucket's region)", t);
            }
            case "NoSuchUpload":
                // The multipart upload was aborted or completed elsewhere (another server's cleanup, a
                // lifecycle rule): its token is useless, but the recording can be uploaded afresh.
                return UploadException.resumeRejected(what + " failed" + detail + ": the multipart upload was aborted "
                        + "or completed by someone else (another server, a tool, a lifecycle rule); start the upload afresh");
            case "PreconditionFailed":
                return UploadException.retryable(what + " failed" + detail + ": the object changed since it was checked "
                        + "(another writer); it is checked again at the retry", t);
            case "EntityTooLarge":
                return UploadException.permanent(what + " failed" + detail + ": the object or part is larger than "
                        + "the store accepts; lower '" + S3ConfigKeys.PART_SIZE + "' / '" + S3ConfigKeys.THRESHOLD + "'", t);
            case "InvalidStorageClass":
                return UploadException.permanent(what + " failed" + detail + ": the store does not support storage class "
                        + s.storageClass + "; change or remove '" + S3ConfigKeys.STORAGE_CLASS + "'", t);
            case "KMS.NotFoundException":
            case "KMS.DisabledException":
            case "KMS.AccessDeniedException":
                return UploadException.permanent(what + " failed" + detail + ": the KMS key cannot be used; fix '"
                        + S3ConfigKeys.SSE_KMS_KEY + "' or the key policy", t);
            case "InvalidArgument":
            case "InvalidRequest":
            case "NotImplemented":
                return UploadException.permanent(what + " failed" + detail + ": the store rejects a request setting; "
                        + "check '" + S3ConfigKeys.SSE + "', '" + S3ConfigKeys.STORAGE_CLASS + "', '" + S3ConfigKeys.CANNED_ACL
                        + "' and '" + S3ConfigKeys.SIGNER + "' for this store", t);
            default:
                break;
        }
        if (status == 301 || status == 307) {
            return UploadException.permanent(what + " failed" + detail + ": " + bucket + " is served from another region "
                    + "or endpoint; set '" + S3ConfigKeys.REGION + "' to the bucket's region", t);
        }
        if (status >= 500 || status == 0 || status == 408 || status == 429) {
            return UploadException.retryable(what + " failed" + detail + "; retry later", t);
        }
        if (status == 403) {
            // An answer without a body (HEAD): S3 refuses to read an object without s3:GetObject.
            return UploadException.permanent(what + " failed" + detail + ": access to " + bucket + " was refused; check "
                    + "the credentials and the policy: reading objects (the check after each upload) needs s3:GetObject on"
                    + " arn:aws:s3:::" + s.bucket + "/" + s.keyPrefix + "*", t);
        }
        if (status == 404 && code.isEmpty()) {
            return UploadException.permanent(what + " failed" + detail + ": " + bucket + " was not found at "
                    + endpointOf(s) + "; check '" + S3ConfigKeys.BUCKET + "', '" + S3ConfigKeys.ENDPOINT + "' and '"
                    + S3ConfigKeys.PATH_STYLE + "'", t);
        }
        if (status >= 400) {
            return UploadException.permanent(what + " failed" + detail + "; fix the request or the configuration", t);
        }
        return UploadException.retryable(what + " failed" + detail + "; retry later", t);
    }

    /** The configuration key whose ACL is sent (the grant takes precedence over the canned ACL). */
    private static String aclKey(S3Settings s) {
        return (s.aclGrantee != null ? S3ConfigKeys.ACL_GRANTEE : S3ConfigKeys.CANNED_ACL).name();
    }

    /** An object's address for messages. */
    static String where(String bucket, String objectKey) {
        return "s3://" + bucket + "/" + objectKey;
    }

    private static String endpointOf(S3Settings s) {
        return s.endpoint != null ? s.endpoint : "Amazon S3 (region " + s.effectiveRegion() + ")";
    }

    private static IOException localFileProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FileNotFoundException || c instanceof NoSuchFileException) {
                return (IOException) c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static boolean rootIs(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + (r.getMessage() != null ? ": " + r.getMessage() : "");
    }
}
