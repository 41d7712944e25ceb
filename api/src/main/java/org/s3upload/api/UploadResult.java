package org.s3upload.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A completed, verified upload: the provider proved that the stored object holds the bytes it read
 * from the local file, and {@link #proof()} says how. Immutable.
 */
public final class UploadResult {
    /** How the stored bytes were proven equal to the bytes read from the local file. */
    public enum Proof {
        /**
         * The store's own checksum of the stored object (an S3 ETag, a sidecar MD5 written from the
         * bytes stored) equals {@link #checksum()}, computed from the same bytes as were sent, and the
         * stored size equals the file's. {@link UploadTarget#stat} shows the same checksum later.
         */
        STORED_CHECKSUM,
        /**
         * The store verified each request's body against the MD5 sent with it ({@code Content-MD5})
         * and accepted every part, and the stored size equals the file's; the stored object's
         * checksum cannot be read back (S3 under SSE-KMS or SSE-C, whose ETag is not an MD5).
         */
        ACCEPTED_DIGESTS
    }

    private final String key;
    private final long size;
    private final Checksum checksum;
    private final Proof proof;
    private final long bytesSent;

    public UploadResult(String key, long size, Checksum checksum, Proof proof, long bytesSent) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.checksum = Objects.requireNonNull(checksum, "checksum is null");
        this.proof = Objects.requireNonNull(proof, "proof is null");
        if (size < 0 || bytesSent < 0) {
            throw new IllegalArgumentException("negative size or bytesSent for " + key);
        }
        this.size = size;
        this.bytesSent = bytesSent;
    }

    /** An upload proven by the stored object's whole MD5 ({@link Proof#STORED_CHECKSUM}). */
    public UploadResult(String key, long size, String md5, long bytesSent) {
        this(key, size, Checksum.md5(Objects.requireNonNull(md5, "md5 is null")), Proof.STORED_CHECKSUM, bytesSent);
    }

    public String key() {
        return key;
    }

    /** Size of the stored object in bytes; equal to the local file's. */
    public long size() {
        return size;
    }

    /** The checksum of the bytes read from the local file and sent, of the kind the store keeps. */
    public Checksum checksum() {
        return checksum;
    }

    public Proof proof() {
        return proof;
    }

    /** MD5 of the whole object, lowercase hex, when {@link #checksum()} is one (not for S3 multipart objects). */
    public Optional<String> md5() {
        return checksum.kind() == Checksum.Kind.MD5 ? Optional.of(checksum.hex()) : Optional.<String>empty();
    }

    /** Payload bytes this upload sent (less than {@link #size()} after a resume). */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * True when {@code stored} (from {@link UploadTarget#stat}) is the object this result proved:
     * same size, and the same checksum, or no checksum at all where the proof never relied on one
     * ({@link Proof#ACCEPTED_DIGESTS}).
     */
    public boolean confirmedBy(RemoteObject stored) {
        if (stored.size() != size) {
            return false;
        }
        if (stored.checksum().isPresent()) {
            return stored.checksum().get().equals(checksum);
        }
        return proof == Proof.ACCEPTED_DIGESTS;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UploadResult)) {
            return false;
        }
        UploadResult r = (UploadResult) o;
        return key.equals(r.key) && size == r.size && checksum.equals(r.checksum) && proof == r.proof
                && bytesSent == r.bytesSent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, size, checksum, proof, bytesSent);
    }

    @Override
    public String toString() {
        return "UploadResult{key=" + key + ", size=" + size + ", checksum=" + checksum + ", proof=" + proof
                + ", bytesSent=" + bytesSent + "}";
    }
}
