package org.s3upload.api.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.s3upload.spi.support.FileFingerprint;

/**
 * The remote side of {@link InMemoryUploadTarget}: complete objects and partial uploads, kept in
 * memory and shared by every target made on it, so that a test can close a target (as a process
 * that ends) and go on with a new one on the same store. Thread-safe.
 *
 * <p>{@link #objects()} is a live map a test may read and write directly, as it would look into
 * or seed a bucket.
 */
public final class InMemoryStore {

    /** A complete object's bytes, as stored; replaced whole, never changed in place. */
    private final ConcurrentMap<String, byte[]> objects = new ConcurrentHashMap<>();
    /** Content type and metadata of complete objects written through a target. */
    private final ConcurrentMap<String, StoredAttributes> attributes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Partial> partials = new ConcurrentHashMap<>();

    /** Complete objects by key: a live, writable view. */
    public ConcurrentMap<String, byte[]> objects() {
        return objects;
    }

    /** Keys of partial uploads by upload id, a snapshot. */
    public Map<String, String> incomplete() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, Partial> e : new TreeMap<>(partials).entrySet()) {
            m.put(e.getKey(), e.getValue().key);
        }
        return m;
    }

    /**
     * A partial upload as if an earlier run had left it (no parts, no file fingerprint: a resume
     * of it is rejected). Returns a token that {@link InMemoryUploadTarget#abort} and
     * {@link InMemoryUploadTarget#listIncomplete} know.
     */
    public String addIncomplete(String key, long initiatedEpochMillis) {
        Partial p = new Partial(UUID.randomUUID().toString(), key, initiatedEpochMillis, null);
        partials.put(p.uploadId, p);
        return InMemoryTokens.write(p.uploadId, key, null);
    }

    /** A new target on this store with the given part size; the caller closes it. */
    public InMemoryUploadTarget newTarget(long partSize) {
        return new InMemoryUploadTarget(this, "memory", partSize);
    }

    // ---------------------------------------------------------------- used by the targets

    Partial createPartial(String key, FileFingerprint file) {
        Partial p = new Partial(UUID.randomUUID().toString(), key, System.currentTimeMillis(), file);
        partials.put(p.uploadId, p);
        return p;
    }

    Optional<Partial> partial(String uploadId) {
        return Optional.ofNullable(partials.get(uploadId));
    }

    boolean removePartial(String uploadId) {
        return partials.remove(uploadId) != null;
    }

    List<Partial> partialsUnder(String keyPrefix) {
        List<Partial> out = new ArrayList<>();
        for (Partial p : new TreeMap<>(partials).values()) {
            if (p.key.startsWith(keyPrefix)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Stores {@code bytes} whole at {@code key} and returns the very array stored (for identity checks). */
    byte[] put(String key, byte[] bytes, StoredAttributes attrs) {
        attributes.put(key, attrs);
        objects.put(key, bytes);
        return bytes;
    }

    StoredAttributes attributes(String key) {
        return attributes.getOrDefault(key, StoredAttributes.NONE);
    }

    /** Content type and user metadata of a stored object. Immutable. */
    static final class StoredAttributes {
        static final StoredAttributes NONE = new StoredAttributes(null, Collections.<String, String>emptyMap());
        final String contentType;
        final Map<String, String> metadata;

        StoredAttributes(String contentType, Map<String, String> metadata) {
            this.contentType = contentType;
            this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** One partial upload: its stored parts by number, and the local file it was made for. */
    static final class Partial {
        final String uploadId;
        final String key;
        final long initiatedEpochMillis;
        /** The local file the parts came from; null for one made by {@link #addIncomplete}. */
        final FileFingerprint file;
        private final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();

        Partial(String uploadId, String key, long initiatedEpochMillis, FileFingerprint file) {
            this.uploadId = Objects.requireNonNull(uploadId);
            this.key = Objects.requireNonNull(key);
            this.initiatedEpochMillis = initiatedEpochMillis;
            this.file = file;
        }

        void putPart(int number, byte[] bytes) {
            parts.put(number, bytes);
        }

        Optional<byte[]> part(int number) {
            return Optional.ofNullable(parts.get(number));
        }
    }
}
