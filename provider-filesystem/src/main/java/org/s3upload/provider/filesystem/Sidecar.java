package org.s3upload.provider.filesystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.s3upload.spi.support.Checksums;
import org.s3upload.internal.Json;

/**
 * The hidden description of a complete object: MD5, content type and metadata, plus the size,
 * modification time and file identity of the data file it describes. Written before the data
 * file is renamed into place, so a sidecar that does not match the file at the key (a crash
 * between the two renames, a file replaced by another tool) is recognised and ignored. Immutable.
 */
final class Sidecar {
    private static final long FORMAT = 1;

    private final long size;
    private final String modified;
    private final String fileKey;
    private final String md5;
    private final String contentType;
    private final Map<String, String> metadata;

    Sidecar(BasicFileAttributes data, String md5, String contentType, Map<String, String> metadata) {
        this(data.size(), data.lastModifiedTime().toString(), fileKey(data), md5, contentType, metadata);
    }

    private Sidecar(long size, String modified, String fileKey, String md5, String contentType, Map<String, String> metadata) {
        this.size = size;
        this.modified = modified;
        this.fileKey = fileKey;
        this.md5 = md5;
        this.contentType = contentType;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    String md5() {
        return md5;
    }

    String contentType() {
        return contentType;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    /** True when this sidecar was written for the data file with these attributes. */
    boolean describes(BasicFileAttributes data) {
        return size == data.size() && modified.equals(data.lastModifiedTime().toString())
                && (fileKey == null ? fileKey(data) == null : fileKey.equals(fileKey(data)));
    }

    void write(Path sidecar, Path temp, boolean fsync) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("size", size);
        m.put("modified", modified);
        m.put("fileKey", fileKey);
        m.put("md5", md5);
        m.put("contentType", contentType);
        m.put("metadata", metadata);
        AtomicFiles.write(sidecar, temp, Json.write(m).getBytes(StandardCharsets.UTF_8), fsync);
    }

    /** The sidecar at {@code path}, or null when it is missing or unreadable (stat then computes the MD5). */
    static Sidecar read(Path path) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            Map<String, Object> m = Json.parseObject(text);
            Object size = m.get("size");
            Object modified = m.get("modified");
            Object md5 = m.get("md5");
            Object meta = m.get("metadata");
            if (!Long.valueOf(FORMAT).equals(m.get("format")) || !(size instanceof Long) || !(modified instanceof String)
                    || !(md5 instanceof String) || !Checksums.isMd5Hex((String) md5) || !(meta instanceof Map)) {
                return null;
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) meta).entrySet()) {
                metadata.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
            Object fileKey = m.get("fileKey");
            Object contentType = m.get("contentType");
            return new Sidecar((Long) size, (String) modified, fileKey instanceof String ? (String) fileKey : null,
                    (String) md5, contentType instanceof String ? (String) contentType : null, metadata);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // Inode and device on Unix: a new file with the same size and time still differs here.
    private static String fileKey(BasicFileAttributes a) {
        Object k = a.fileKey();
        return k == null ? null : k.toString();
    }
}
