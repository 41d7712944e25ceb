package org.s3upload.spi.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Size and modification time of a local file: what resume tokens and journals record so that
 * nobody resumes onto bytes that changed. Immutable.
 */
public final class FileFingerprint {
    private final long size;
    private final long modifiedMillis;

    public FileFingerprint(long size, long modifiedMillis) {
        this.size = size;
        this.modifiedMillis = modifiedMillis;
    }

    public static FileFingerprint of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new IOException(file + " is not a regular file");
        }
        return new FileFingerprint(a.size(), a.lastModifiedTime().toMillis());
    }

    public long size() {
        return size;
    }

    public long modifiedMillis() {
        return modifiedMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FileFingerprint)) {
            return false;
        }
        FileFingerprint f = (FileFingerprint) o;
        return size == f.size && modifiedMillis == f.modifiedMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Long.hashCode(modifiedMillis);
    }

    @Override
    public String toString() {
        return "size=" + size + " mtime=" + modifiedMillis;
    }
}
