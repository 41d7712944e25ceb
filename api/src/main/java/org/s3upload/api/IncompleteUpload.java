package org.s3upload.api;

import java.util.Objects;

/** A remote partial upload found by {@link UploadTarget#listIncomplete}. Immutable. */
public final class IncompleteUpload {
    private final String key;
    private final String uploadId;
    private final long initiatedEpochMillis;
    private final String abortToken;

    public IncompleteUpload(String key, String uploadId, long initiatedEpochMillis, String abortToken) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.uploadId = Objects.requireNonNull(uploadId, "uploadId is null");
        this.initiatedEpochMillis = initiatedEpochMillis;
        this.abortToken = Objects.requireNonNull(abortToken, "abortToken is null");
    }

    public String key() {
        return key;
    }

    /** The provider's identifier of the partial upload (an S3 upload id, a partial file name). */
    public String uploadId() {
        return uploadId;
    }

    /** When the partial upload began, in milliseconds since the epoch; 0 if unknown. */
    public long initiatedEpochMillis() {
        return initiatedEpochMillis;
    }

    /** A token that {@link UploadTarget#abort(String)} accepts (it may not be enough to resume). */
    public String abortToken() {
        return abortToken;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IncompleteUpload)) {
            return false;
        }
        IncompleteUpload u = (IncompleteUpload) o;
        return key.equals(u.key) && uploadId.equals(u.uploadId) && initiatedEpochMillis == u.initiatedEpochMillis
                && abortToken.equals(u.abortToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, uploadId, initiatedEpochMillis, abortToken);
    }

    @Override
    public String toString() {
        return "IncompleteUpload{key=" + key + ", uploadId=" + uploadId + "}";
    }
}
