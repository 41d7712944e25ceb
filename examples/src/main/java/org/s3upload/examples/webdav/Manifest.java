package org.s3upload.examples.webdav;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.s3upload.spi.support.Checksums;
import org.s3upload.internal.Json;

/**
 * The small JSON file {@code <key>.s3upload-manifest} written beside each object after it was
 * verified: WebDAV has no checksum of its own, so this is where the MD5 (proved by reading the
 * stored bytes back), the content type and the user metadata live.
 *
 * <p>A manifest is bound to one version of the object (its ETag, or its modification time when
 * the server gives no ETag, and its size). If another tool replaces the object, the manifest no
 * longer matches and {@code stat} reports no MD5, so nobody deletes a local file on a stale proof.
 * Immutable.
 */
final class Manifest {
    private static final long FORMAT = 1;

    final long size;
    final String md5;
    final String objectVersion;
    final String contentType;
    final Map<String, String> metadata;

    Manifest(long size, String md5, String objectVersion, String contentType, Map<String, String> metadata) {
        this.size = size;
        this.md5 = md5;
        this.objectVersion = objectVersion;
        this.contentType = contentType;
        this.metadata = new LinkedHashMap<>(metadata);
    }

    boolean describes(DavResource object) {
        return object.length == size && object.version().equals(objectVersion);
    }

    byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("size", size);
        m.put("md5", md5);
        m.put("objectVersion", objectVersion);
        if (contentType != null) {
            m.put("contentType", contentType);
        }
        m.put("metadata", new LinkedHashMap<String, Object>(metadata));
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    /** The manifest in {@code json}, or null when it is unreadable (torn, foreign, newer format). */
    static Manifest parse(byte[] json) {
        try {
            Map<String, Object> m = Json.parseObject(new String(json, StandardCharsets.UTF_8));
            Object size = m.get("size");
            Object md5 = m.get("md5");
            Object version = m.get("objectVersion");
            Object type = m.get("contentType");
            Object meta = m.get("metadata");
            if (!Long.valueOf(FORMAT).equals(m.get("format")) || !(size instanceof Long) || !(md5 instanceof String)
                    || !Checksums.isMd5Hex((String) md5) || !(version instanceof String)) {
                return null;
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            if (meta instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) meta).entrySet()) {
                    if (e.getValue() instanceof String) {
                        metadata.put(String.valueOf(e.getKey()), (String) e.getValue());
                    }
                }
            }
            return new Manifest((Long) size, (String) md5, (String) version,
                    type instanceof String ? (String) type : null, metadata);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
