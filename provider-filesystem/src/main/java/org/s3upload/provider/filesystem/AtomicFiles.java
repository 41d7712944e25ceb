package org.s3upload.provider.filesystem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable file replacement: write a temporary sibling, force it, rename it over the target, force the directory. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code content} so that a reader (or a crash) sees the old or
     * the new content, never a mix. {@code temp} must be a sibling of {@code target} that no other
     * writer uses at the same time.
     */
    static void write(Path target, Path temp, byte[] content, boolean fsync) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (fsync) {
                ch.force(true);
            }
        }
        move(temp, target, fsync);
    }

    /** Renames {@code from} over {@code to} atomically, then makes the rename durable. */
    static void move(Path from, Path to, boolean fsync) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
            forceDirectory(to.getParent());
        }
    }

    /**
     * Creates {@code dir} and its missing parents, forcing each new entry into its parent: an object
     * renamed into a new folder is only durable once the folder's own entry is.
     */
    static void createDirectories(Path dir, boolean fsync) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(parent, fsync);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return; // another upload created it at the same moment
        }
        if (fsync && parent != null) {
            forceDirectory(parent);
        }
    }

    /** Makes entries created, renamed or deleted in {@code dir} durable. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; NTFS journals its metadata itself, so
            // there is nothing more to force there. Elsewhere a failure here is real.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
