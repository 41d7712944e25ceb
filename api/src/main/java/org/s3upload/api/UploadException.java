package org.s3upload.api;

import java.util.Objects;

/**
 * The one failure type of the SPI. Its {@link Kind} tells the caller what to do next, so the retry
 * policy lives in the caller, not in each provider.
 *
 * <p>Messages name the key, bucket, path or upload id concerned, and the fix where there is one.
 * They never contain a secret (credentials, signed URLs, authorization headers).
 */
public class UploadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the caller should do about a failure. */
    public enum Kind {
        /** Network errors, timeouts, throttling, 5xx: the same call may succeed later. */
        RETRYABLE,
        /**
         * Bad credentials, a missing bucket, a refused ACL, bad configuration: retrying without an
         * operator's fix fails the same way.
         */
        PERMANENT,
        /**
         * A resume token cannot be used: the local file changed since the token was made, the remote
         * partial upload is gone, or the token is malformed or belongs to another provider. The
         * caller should {@link UploadTarget#abort(String) abort} the token (best effort) and
         * {@link UploadTarget#start start} the upload afresh.
         */
        RESUME_REJECTED
    }

    private final Kind kind;

    public UploadException(Kind kind, String message) {
        this(kind, message, null);
    }

    public UploadException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind is null");
    }

    public static UploadException retryable(String message, Throwable cause) {
        return new UploadException(Kind.RETRYABLE, message, cause);
    }

    public static UploadException permanent(String message) {
        return new UploadException(Kind.PERMANENT, message, null);
    }

    public static UploadException permanent(String message, Throwable cause) {
        return new UploadException(Kind.PERMANENT, message, cause);
    }

    public static UploadException resumeRejected(String message) {
        return new UploadException(Kind.RESUME_REJECTED, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** True when the same operation may succeed if tried again later. */
    public boolean isRetryable() {
        return kind == Kind.RETRYABLE;
    }
}
