package org.s3upload.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.s3upload.spi.support.Checksums;

/**
 * What to upload and how. Immutable; build with {@link #builder(Path, String)}.
 *
 * <p>The key follows the rules of {@link ObjectKeys}, checked here, where the request is built: a
 * provider is never handed an invalid key and need not check it again.
 *
 * <p>User metadata names are lowercase ASCII letters, digits and '-'; values are printable
 * US-ASCII (what every S3-compatible store accepts). {@code md5} may carry the file's whole MD5
 * (32 lowercase hex digits) when the caller already computed it; a provider whose proof is a whole
 * MD5 (a single S3 PUT, the filesystem, WebDAV) fails the upload PERMANENTLY when the bytes it read
 * have another. Nobody needs to compute one: every provider proves the upload from the bytes it
 * reads while sending them ({@link UploadResult#checksum()}), and S3 multipart uploads, proven by
 * their part MD5s, do not use it.
 *
 * <p>{@link #throttle()} is the rate limit the provider draws from as it sends ({@link Throttle});
 * unlimited unless the caller sets one. It is a policy object, not part of what is uploaded: two
 * requests are equal when they describe the same upload, whatever their throttles.
 */
public final class UploadRequest {
    private final Path file;
    private final String key;
    private final String contentType;
    private final Map<String, String> metadata;
    private final String md5;
    private final Throttle throttle;

    private UploadRequest(Builder b) {
        this.file = b.file;
        this.key = b.key;
        this.contentType = b.contentType;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.md5 = b.md5;
        this.throttle = b.throttle;
    }

    /**
     * Starts a request for {@code file} under {@code key}.
     *
     * @throws IllegalArgumentException naming the key and the rule it breaks, when
     *         {@link ObjectKeys#problem(String)} finds one
     */
    public static Builder builder(Path file, String key) {
        return new Builder(file, key);
    }

    /** The local file; absolute. */
    public Path file() {
        return file;
    }

    public String key() {
        return key;
    }

    /** The content type to store, or empty to let the provider choose (usually from the extension). */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** User metadata, in insertion order; never null. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The whole file's MD5 in lowercase hex, if the caller knows it. */
    public Optional<String> md5() {
        return Optional.ofNullable(md5);
    }

    /**
     * What the provider draws every payload byte from before it sends it; {@link Throttle#UNLIMITED}
     * unless the caller set one. Never null.
     */
    public Throttle throttle() {
        return throttle;
    }

    public Builder toBuilder() {
        Builder b = new Builder(file, key);
        b.contentType = contentType;
        b.metadata.putAll(metadata);
        b.md5 = md5;
        b.throttle = throttle;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UploadRequest)) {
            return false;
        }
        UploadRequest r = (UploadRequest) o;
        return file.equals(r.file) && key.equals(r.key) && Objects.equals(contentType, r.contentType)
                && metadata.equals(r.metadata) && Objects.equals(md5, r.md5);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, key, contentType, metadata, md5);
    }

    @Override
    public String toString() {
        return "UploadRequest{file=" + file + ", key=" + key + "}";
    }

    /** Builder for {@link UploadRequest}. */
    public static final class Builder {
        private final Path file;
        private final String key;
        private String contentType;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private String md5;
        private Throttle throttle = Throttle.UNLIMITED;

        private Builder(Path file, String key) {
            this.file = Objects.requireNonNull(file, "file is null").toAbsolutePath();
            this.key = Objects.requireNonNull(key, "key is null");
            String problem = ObjectKeys.problem(key);
            if (problem != null) {
                throw new IllegalArgumentException(ObjectKeys.invalid(key, problem));
            }
        }

        /**
         * The content type to store; printable US-ASCII only, because every provider sends it as an
         * HTTP header or writes it beside the object (a CR or LF would inject a header).
         */
        public Builder contentType(String contentType) {
            if (contentType != null) {
                if (contentType.trim().isEmpty()) {
                    throw new IllegalArgumentException("content type is blank: leave it unset to let the provider choose");
                }
                int bad = firstNonPrintable(contentType);
                if (bad >= 0) {
                    throw new IllegalArgumentException("content type has a character outside printable US-ASCII at index "
                            + bad + ": use a plain media type such as video/mp4");
                }
            }
            this.contentType = contentType;
            return this;
        }

        private static int firstNonPrintable(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    return i;
                }
            }
            return -1;
        }

        /** Adds one metadata entry; see the class comment for the allowed characters. */
        public Builder metadata(String name, String value) {
            Objects.requireNonNull(name, "metadata name is null");
            Objects.requireNonNull(value, "metadata value is null for " + name);
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("metadata name '" + name
                        + "' is not allowed: use lowercase ASCII letters, digits and '-'");
            }
            int bad = firstNonPrintable(value);
            if (bad >= 0) {
                throw new IllegalArgumentException("metadata value of '" + name
                        + "' has a character outside printable US-ASCII at index " + bad);
            }
            metadata.put(name, value);
            return this;
        }

        public Builder metadata(Map<String, String> entries) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                metadata(e.getKey(), e.getValue());
            }
            return this;
        }

        public Builder md5(String md5) {
            if (md5 != null && !Checksums.isMd5Hex(md5)) {
                throw new IllegalArgumentException("md5 '" + md5 + "' is not 32 lowercase hex digits");
            }
            this.md5 = md5;
            return this;
        }

        /** The rate limit the provider draws from as it sends; see {@link Throttle}. */
        public Builder throttle(Throttle throttle) {
            this.throttle = Objects.requireNonNull(throttle, "throttle is null: leave it unset for no limit");
            return this;
        }

        public UploadRequest build() {
            return new UploadRequest(this);
        }
    }
}
