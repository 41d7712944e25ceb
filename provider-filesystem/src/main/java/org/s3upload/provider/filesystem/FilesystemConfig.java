package org.s3upload.provider.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.s3upload.internal.ByteSizes;
import org.s3upload.spi.ConfigKey;
import org.s3upload.api.UploadException;

/** The validated settings of one filesystem target. Immutable. */
final class FilesystemConfig {
    static final String ROOT = "root";
    static final String CHUNK_SIZE = "chunkSize";
    static final String FSYNC = "fsync";
    static final String THREADS = "threads";

    static final long DEFAULT_CHUNK_SIZE = 8L << 20;
    static final long MIN_CHUNK_SIZE = 4L << 10;
    static final long MAX_CHUNK_SIZE = 1L << 30;
    static final int DEFAULT_THREADS = 4;
    static final int MAX_THREADS = 64;

    static final List<ConfigKey> KEYS = Collections.unmodifiableList(Arrays.asList(
            ConfigKey.required(ROOT, "Directory objects are written under (local disk or NAS mount); it must exist and be "
                    + "writable. A key 'a/b.mp4' is stored as <root>/a/b.mp4."),
            ConfigKey.optional(CHUNK_SIZE, "8MiB", "Bytes copied between two journal checkpoints; a resume continues from the "
                    + "last complete chunk. A number of bytes, optionally with a suffix KiB/MiB/GiB (K/M/G and KB/MB/GB "
                    + "are read as binary too); 4KiB to 1GiB."),
            ConfigKey.optional(FSYNC, "true", "Whether data, journal and directories are forced to the device before an "
                    + "upload is reported complete; 'false' only for scratch storage, as a power loss may then lose "
                    + "objects reported complete."),
            ConfigKey.optional(THREADS, String.valueOf(DEFAULT_THREADS), "How many uploads of this target copy at the "
                    + "same time (1 to " + MAX_THREADS + "); others wait in line.")));

    private final Path root;
    private final long chunkSize;
    private final boolean fsync;
    private final int threads;

    private FilesystemConfig(Path root, long chunkSize, boolean fsync, int threads) {
        this.root = root;
        this.chunkSize = chunkSize;
        this.fsync = fsync;
        this.threads = threads;
    }

    /** Validates every key first and reports all problems in one PERMANENT exception. */
    static FilesystemConfig parse(Map<String, String> config) throws UploadException {
        List<String> problems = new ArrayList<>();
        Path root = root(config.get(ROOT), problems);
        long chunkSize = chunkSize(config.get(CHUNK_SIZE), problems);
        boolean fsync = fsync(config.get(FSYNC), problems);
        int threads = threads(config.get(THREADS), problems);
        if (!problems.isEmpty()) {
            throw UploadException.permanent("invalid configuration of the filesystem provider: " + String.join("; ", problems));
        }
        return new FilesystemConfig(root, chunkSize, fsync, threads);
    }

    /** The root as a real path (symbolic links resolved), so escape checks compare like with like. */
    Path root() {
        return root;
    }

    long chunkSize() {
        return chunkSize;
    }

    boolean fsync() {
        return fsync;
    }

    int threads() {
        return threads;
    }

    private static Path root(String value, List<String> problems) {
        if (value == null || value.trim().isEmpty()) {
            problems.add("'" + ROOT + "' is missing: set it to an existing, writable directory");
            return null;
        }
        Path p;
        try {
            p = Paths.get(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problems.add("'" + ROOT + "' = '" + value + "' is not a valid path (" + e.getReason() + ")");
            return null;
        }
        if (!Files.exists(p)) {
            problems.add("'" + ROOT + "' = '" + p + "' does not exist: create the directory (or mount the share) first");
            return null;
        }
        if (!Files.isDirectory(p)) {
            problems.add("'" + ROOT + "' = '" + p + "' is not a directory: point it at a directory");
            return null;
        }
        try {
            p = p.toRealPath();
        } catch (IOException e) {
            problems.add("'" + ROOT + "' = '" + p + "' cannot be resolved (" + e + ")");
            return null;
        }
        // Files.isWritable is unreliable on network mounts and for root; create a file to be sure.
        Path probe = p.resolve(".s3upload-probe-" + UUID.randomUUID());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            problems.add("'" + ROOT + "' = '" + p + "' is not writable (" + e.getClass().getSimpleName()
                    + "): give the server's user write permission on it");
            return null;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // the probe could not be created in the first place
            }
        }
        return p;
    }

    private static long chunkSize(String value, List<String> problems) {
        if (value == null || value.trim().isEmpty()) {
            return DEFAULT_CHUNK_SIZE;
        }
        long size = ByteSizes.parse(value);
        if (size < MIN_CHUNK_SIZE || size > MAX_CHUNK_SIZE) {
            problems.add("'" + CHUNK_SIZE + "' = '" + value + "' is not a size from 4KiB to 1GiB: write it as bytes or "
                    + "with a suffix, for example 8MiB");
            return DEFAULT_CHUNK_SIZE;
        }
        return size;
    }

    private static boolean fsync(String value, List<String> problems) {
        if (value == null || value.trim().isEmpty() || value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        problems.add("'" + FSYNC + "' = '" + value + "' is not a boolean: write true or false");
        return true;
    }

    private static int threads(String value, List<String> problems) {
        if (value == null || value.trim().isEmpty()) {
            return DEFAULT_THREADS;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_THREADS) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("'" + THREADS + "' = '" + value + "' is not a whole number from 1 to " + MAX_THREADS);
        return DEFAULT_THREADS;
    }
}
