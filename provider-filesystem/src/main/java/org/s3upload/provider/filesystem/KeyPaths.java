package org.s3upload.provider.filesystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.s3upload.api.ObjectKeys;
import org.s3upload.api.UploadException;

/**
 * Maps object keys to paths under the root and refuses every key that could reach outside it.
 *
 * <p>Symbolic links are checked when a key is resolved; a link swapped in between that check and
 * the write is not caught (the root is expected to be writable by the server only).
 */
final class KeyPaths {
    /** Marks the provider's own hidden files; keys may not contain it, so they never alias one. */
    static final String RESERVED = ".s3upload-";
    /** Room left in a file name for the partial file's prefix and suffix (NAME_MAX is 255 bytes). */
    static final int MAX_SEGMENT_BYTES = 200;

    private final Path root;

    /** {@code root} must be a real path (links resolved). */
    KeyPaths(Path root) {
        this.root = root;
    }

    /** The path of {@code key}'s object, after every rule (see {@link UploadException} messages) passed. */
    Path resolve(String key) throws UploadException {
        ObjectKeys.check(key);
        if (key.endsWith("/")) {
            throw invalid(key, "a key names a file, so it must not end with '/'");
        }
        return resolveSegments(key, key);
    }

    /**
     * As {@link #resolve}, and also refuses keys that clash with what is on disk: a folder of the
     * key that is a file, or a key that names a directory.
     */
    Path resolveForWrite(String key) throws UploadException {
        Path dest = resolve(key);
        for (Path p = dest.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw invalid(key, "'" + root.relativize(p) + "' is a file, so it cannot hold a folder: "
                        + "rename the file or choose another key");
            }
        }
        if (Files.isDirectory(dest)) {
            throw invalid(key, "a directory already exists at " + dest + ": remove it or choose another key");
        }
        return dest;
    }

    /**
     * The directory holding every object whose key starts with {@code prefix}: the part up to the
     * last '/'. Checked by the same rules as keys.
     */
    Path directoryOf(String prefix) throws UploadException {
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
            return root;
        }
        String dir = prefix.substring(0, slash);
        if (dir.isEmpty()) {
            throw invalid(prefix, "a key prefix is relative: remove the leading '/'");
        }
        return resolveSegments(dir, prefix);
    }

    /** The key of the object stored at {@code file} (a path under the root). */
    String keyOf(Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part.toString());
        }
        return sb.toString();
    }

    private Path resolveSegments(String path, String key) throws UploadException {
        if (path.indexOf('\\') >= 0) {
            throw invalid(key, "a key must not contain '\\' (a path separator on Windows)");
        }
        if (path.indexOf('\0') >= 0) {
            throw invalid(key, "a key must not contain NUL");
        }
        Path p = root;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(key, "a key must not contain an empty segment ('//' or a leading '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(key, "a key must not contain '.' or '..' segments: they would leave or alias the root");
            }
            if (segment.contains(RESERVED)) {
                throw invalid(key, "'" + RESERVED + "' is reserved for the provider's hidden files: rename the file or folder");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw invalid(key, "each '/'-separated part of a key is at most " + MAX_SEGMENT_BYTES
                        + " bytes in the filesystem provider: shorten the file or folder name");
            }
            try {
                p = p.resolve(segment);
            } catch (java.nio.file.InvalidPathException e) {
                throw invalid(key, "this operating system cannot name a file '" + segment + "' (" + e.getReason() + ")");
            }
            checkLink(p, key);
        }
        if (!p.normalize().startsWith(root)) {
            throw invalid(key, "it resolves outside the root directory");
        }
        return p;
    }

    // A link inside the root may point anywhere inside it; one pointing outside would let a key
    // write (or stat read) files the operator never exposed.
    private void checkLink(Path p, String key) throws UploadException {
        if (!Files.isSymbolicLink(p)) {
            return;
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw invalid(key, "'" + root.relativize(p) + "' is a symbolic link that cannot be followed (" + e.getClass().getSimpleName()
                    + "): remove it or point it inside the root");
        }
        if (!real.startsWith(root)) {
            throw invalid(key, "'" + root.relativize(p) + "' is a symbolic link to '" + real
                    + "', outside the root directory " + root + ": remove the link or point it inside the root");
        }
    }

    private static UploadException invalid(String key, String rule) {
        return UploadException.permanent("invalid object key '" + key + "' for the filesystem provider: " + rule);
    }
}
