package org.s3upload.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A complete object as stored remotely, from {@link UploadTarget#stat}. Immutable. */
public final class RemoteObject {
    private final String key;
    private final long size;
    private final Checksum checksum;
    private final String contentType;
    private final Map<String, String> metadata;

    /**
     * @param checksum the store's own checksum of the stored bytes (for S3 the ETag, with the part size
     *                 of a multipart object), or null when the store cannot tell one (S3 under SSE-KMS or
     *                 SSE-C, a multipart object of another tool whose part size is unknown)
     */
    public RemoteObject(String key, long size, Checksum checksum, String contentType, Map<String, String> metadata) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.size = size;
        this.checksum = checksum;
        this.contentType = contentType;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Collections.<String, String>emptyMap() : metadata));
    }

    /** An object whose checksum is the MD5 of its bytes ({@code md5} null: none known). */
    public RemoteObject(String key, long size, String md5, String contentType, Map<String, String> metadata) {
        this(key, size, md5 == null ? null : Checksum.md5(md5), contentType, metadata);
    }

    public String key() {
        return key;
    }

    public long size() {
        return size;
    }

    /**
     * The stored object's checksum, when the provider can tell one: computed by the store from the
     * bytes it holds (an S3 ETag), or recorded beside this very version of the object after it was
     * checked against the stored bytes (a filesystem sidecar, a WebDAV manifest). Never a value an
     * uploader wrote before the bytes were checked. See {@link Checksum} for the kinds.
     */
    public Optional<Checksum> checksum() {
        return Optional.ofNullable(checksum);
    }

    /** MD5 of the whole object in lowercase hex, when the checksum is of kind {@link Checksum.Kind#MD5}. */
    public Optional<String> md5() {
        return checksum != null && checksum.kind() == Checksum.Kind.MD5 ? Optional.of(checksum.hex()) : Optional.<String>empty();
    }

    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** User metadata as stored; names in lowercase. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * True when this object has the given size and its checksum equals {@code expectedChecksum} in
     * the text form of {@link Checksum#toString()} (a plain MD5 hex is one). False when this object
     * has no checksum or the text is not a checksum.
     */
    public boolean matches(long expectedSize, String expectedChecksum) {
        if (size != expectedSize || checksum == null || expectedChecksum == null) {
            return false;
        }
        try {
            return checksum.equals(Checksum.parse(expectedChecksum));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RemoteObject)) {
            return false;
        }
        RemoteObject r = (RemoteObject) o;
        return key.equals(r.key) && size == r.size && Objects.equals(checksum, r.checksum)
                && Objects.equals(contentType, r.contentType) && metadata.equals(r.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, size, checksum, contentType, metadata);
    }

    @Override
    public String toString() {
        return "RemoteObject{key=" + key + ", size=" + size + ", checksum=" + checksum + "}";
    }
}
