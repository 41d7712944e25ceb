package org.s3upload.examples.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The demo's working directory: the fixed names of its parts, durable writes, and the clean-up
 * of a fresh run. Only the demo's own sub-directories are ever deleted, never {@code dir} itself.
 */
final class DemoDirs {
    static final String RECORDINGS = "demo-recordings";
    static final String BUCKET = "demo-bucket";
    static final String S3 = "demo-s3";
    static final String STATE = "demo-state.properties";
    static final String MODULE_LOG = "demo-module.log";

    final Path root;

    DemoDirs(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path recordings() {
        return root.resolve(RECORDINGS);
    }

    Path bucket() {
        return root.resolve(BUCKET);
    }

    Path s3() {
        return root.resolve(S3);
    }

    /** Beside the recordings it describes, so that the working directory holds only the demo's directories. */
    Path state() {
        return recordings().resolve(STATE);
    }

    /** The simulated Wowza's log of the module, beside the recordings. */
    Path moduleLog() {
        return recordings().resolve(MODULE_LOG);
    }

    /** A fresh run starts from nothing: earlier recordings, markers, objects and server data go. */
    void wipeForFreshRun() throws IOException {
        deleteTree(recordings());
        deleteTree(bucket());
        deleteTree(s3());
    }

    static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Writes {@code bytes} to {@code file} so that a crash leaves the old or the new content: temp, fsync, rename, fsync dir. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        moveDurably(temp, file);
    }

    /** Renames {@code from} to {@code to} atomically and forces the directory entry to the device. */
    static void moveDurably(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(to.toAbsolutePath().getParent());
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the rename itself is still atomic.
        }
    }
}
