package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Crash-safe file replacement: a reader sees either the old content or the whole new content,
 * and once a method returns the change survives a power cut.
 */
public final class AtomicFiles {
    /** Temporary files carry this in their name so that recovery can recognise and remove leftovers. */
    public static final String TEMP_MARK = ".s3upload-tmp-";

    private AtomicFiles() {
    }

    /** Replaces {@code file} with {@code content}: temp file, fsync, atomic rename, fsync of the directory. */
    public static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + TEMP_MARK + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                int half = content.length / 2;
                writeFully(ch, ByteBuffer.wrap(content, 0, half));
                Checkpoints.reach(Checkpoints.ATOMIC_WRITE_PARTIAL);
                writeFully(ch, ByteBuffer.wrap(content, half, content.length - half));
                ch.force(true);
            }
            Checkpoints.reach(Checkpoints.ATOMIC_WRITE_BEFORE_RENAME);
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Deletes {@code file} if it exists and makes the deletion durable; true if it existed. */
    public static boolean delete(Path file) throws IOException {
        boolean existed = Files.deleteIfExists(file);
        if (existed) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
        return existed;
    }

    /** Renames {@code from} to {@code to} (replacing it) durably. */
    public static void rename(Path from, Path to) throws IOException {
        move(from, to);
        syncDirectory(to.toAbsolutePath().getParent());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on odd file systems; a plain replace is the best left.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Flushes a directory's entries; some platforms (Windows) cannot open a directory, and need not. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here: the rename itself is what the platform guarantees.
        }
    }
}
