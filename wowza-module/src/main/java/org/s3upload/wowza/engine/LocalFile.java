package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a recording is on its file system, beyond its path: the names engines agree on, and its identity. */
final class LocalFile {
    private LocalFile() {
    }

    /**
     * The path every engine of this JVM claims a recording by: the real path (links and mount
     * aliases resolved) when the file exists, else the normalised absolute path. Two applications
     * that reach one folder by different paths then still agree that a recording is the same.
     */
    static Path claimPath(Path recording) {
        Path abs = recording.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException | SecurityException e) {
            Path dir = abs.getParent();
            if (dir != null) {
                try {
                    return dir.toRealPath().resolve(abs.getFileName());
                } catch (IOException | SecurityException ignored) {
                    // the folder is not there either: the plain path is all there is
                }
            }
            return abs;
        }
    }

    /**
     * The file system's identity of the file (an inode on POSIX systems), which a rename keeps and a
     * new file at the same name does not; null where the file system gives none or the file is gone.
     */
    static String key(Path file) {
        try {
            Object k = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return k == null ? null : k.toString();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
