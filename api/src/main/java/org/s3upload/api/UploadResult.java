package org.s3upload.api;

import java.util.Objects;

/** A completed, verified upload. Immutable. */
public final class UploadResult {
    private final String key;
    private final long size;
    private final String md5;
    private final long bytesSent;

    public UploadResult(String key, long size, String md5, long bytesSent) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.md5 = Objects.requireNonNull(md5, "md5 is null");
        if (size < 0 || bytesSent < 0) {
            throw new IllegalArgumentException("negative size or bytesSent for " + key);
        }
        this.size = size;
        this.bytesSent = bytesSent;
    }

    public String key() {
        return key;
    }

    /** Size of the stored object in bytes; equal to the local file's. */
    public long size() {
        return size;
    }

    /** MD5 of the whole stored object, lowercase hex; equal to the local file's. */
    public String md5() {
        return md5;
    }

    /** Payload bytes this upload sent (less than {@link #size()} after a resume). */
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UploadResult)) {
            return false;
        }
        UploadResult r = (UploadResult) o;
        return key.equals(r.key) && size == r.size && md5.equals(r.md5) && bytesSent == r.bytesSent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, size, md5, bytesSent);
    }

    @Override
    public String toString() {
        return "UploadResult{key=" + key + ", size=" + size + ", md5=" + md5 + ", bytesSent=" + bytesSent + "}";
    }
}
