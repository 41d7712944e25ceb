package org.s3upload.examples.webdav;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.s3upload.spi.support.Checksums;

/**
 * The small file {@code <key>.s3upload-manifest} ({@link Properties} format: the JDK reads and
 * writes it) written beside each object after it was verified: WebDAV has no checksum of its own,
 * so this is where the MD5 (proved by reading the stored bytes back), the content type and the
 * user metadata live.
 *
 * <p>A manifest is bound to one version of the object (its ETag, or its modification time when
 * the server gives no ETag, and its size). If another tool replaces the object, the manifest no
 * longer matches and {@code stat} reports no MD5, so nobody deletes a local file on a stale proof.
 * Immutable.
 */
final class Manifest {
    private static final long FORMAT = 1;
    /** Prefix of the user metadata entries. */
    private static final String METADATA = "metadata.";

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

    byte[] toBytes() {
        Properties p = new Properties();
        p.setProperty("format", Long.toString(FORMAT));
        p.setProperty("size", Long.toString(size));
        p.setProperty("md5", md5);
        p.setProperty("objectVersion", objectVersion);
        if (contentType != null) {
            p.setProperty("contentType", contentType);
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            p.setProperty(METADATA + e.getKey(), e.getValue());
        }
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The manifest in {@code bytes}, or null when it is unreadable (torn, foreign, newer format). */
    static Manifest parse(byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        String md5 = p.getProperty("md5");
        String version = p.getProperty("objectVersion");
        long size;
        try {
            size = Long.parseLong(p.getProperty("size", ""));
        } catch (NumberFormatException e) {
            return null;
        }
        if (!Long.toString(FORMAT).equals(p.getProperty("format")) || md5 == null || !Checksums.isMd5Hex(md5)
                || version == null) {
            return null;
        }
        Map<String, String> metadata = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(METADATA)) {
                metadata.put(name.substring(METADATA.length()), p.getProperty(name));
            }
        }
        return new Manifest(size, md5, version, p.getProperty("contentType"), metadata);
    }
}
