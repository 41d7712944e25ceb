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
    private final String md5;
    private final String contentType;
    private final Map<String, String> metadata;

    public RemoteObject(String key, long size, String md5, String contentType, Map<String, String> metadata) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.size = size;
        this.md5 = md5;
        this.contentType = contentType;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Collections.<String, String>emptyMap() : metadata));
    }

    public String key() {
        return key;
    }

    public long size() {
        return size;
    }

    /**
     * MD5 of the whole object in lowercase hex, when the provider can tell it (an object that
     * another tool wrote as a multipart upload may have none).
     */
    public Optional<String> md5() {
        return Optional.ofNullable(md5);
    }

    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** User metadata as stored; names in lowercase. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** True when this object has the given size and MD5: the proof callers need before deleting a local file. */
    public boolean matches(long expectedSize, String expectedMd5) {
        return size == expectedSize && md5 != null && md5.equals(expectedMd5);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RemoteObject)) {
            return false;
        }
        RemoteObject r = (RemoteObject) o;
        return key.equals(r.key) && size == r.size && Objects.equals(md5, r.md5)
                && Objects.equals(contentType, r.contentType) && metadata.equals(r.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, size, md5, contentType, metadata);
    }

    @Override
    public String toString() {
        return "RemoteObject{key=" + key + ", size=" + size + ", md5=" + md5 + "}";
    }
}
