package org.s3upload.provider.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.s3upload.spi.ConfigKey;
import org.s3upload.spi.support.Setting;
import org.s3upload.spi.support.SettingsReader;
import org.s3upload.api.UploadException;

/** The validated settings of one filesystem target. Immutable. */
final class FilesystemSettings {
    static final long MIN_CHUNK_SIZE = 4L << 10;
    static final long MAX_CHUNK_SIZE = 1L << 30;

    // Every key declared once; parsing, configKeys() and the README's table (FilesystemReadmeTableTest) derive from these.
    static final Setting<String> ROOT = Setting.text("root", "Directory objects are written under (local disk or NAS "
            + "mount); it must exist and be writable. A key 'a/b.mp4' is stored as <root>/a/b.mp4.")
            .required("set it to an existing, writable directory");
    static final Setting<Long> CHUNK_SIZE = Setting.size("chunkSize", 8L << 20, MIN_CHUNK_SIZE, MAX_CHUNK_SIZE,
            "Bytes copied between two journal checkpoints; a resume continues from the last complete chunk. A number "
            + "of bytes, optionally with a suffix KiB/MiB/GiB (K/M/G and KB/MB/GB are read as binary too); 4KiB to 1GiB.");
    static final Setting<Boolean> FSYNC = Setting.flag("fsync", true, "Whether data, journal and directories are forced "
            + "to the device before an upload is reported complete; 'false' only for scratch storage, as a power loss "
            + "may then lose objects reported complete.");
    static final Setting<Integer> THREADS = Setting.wholeNumber("threads", 4, 1, 64, "How many uploads of this target "
            + "copy at the same time (1 to 64); others wait in line.");

    static final List<Setting<?>> SETTINGS = Collections.unmodifiableList(Arrays.<Setting<?>>asList(ROOT, CHUNK_SIZE,
            FSYNC, THREADS));
    static final List<ConfigKey> KEYS = SettingsReader.keys(SETTINGS);

    private final Path root;
    private final long chunkSize;
    private final boolean fsync;
    private final int threads;

    /** Reads every key, leaving each problem in {@code settings}: the object is used only if there is none. */
    private FilesystemSettings(SettingsReader settings) {
        root = root(settings);
        chunkSize = settings.get(CHUNK_SIZE);
        fsync = settings.get(FSYNC);
        threads = settings.get(THREADS);
    }

    /** Validates every key first and reports all problems in one PERMANENT exception. */
    static FilesystemSettings parse(Map<String, String> config) throws UploadException {
        SettingsReader settings = new SettingsReader(config);
        FilesystemSettings parsed = new FilesystemSettings(settings);
        settings.throwIfInvalid("invalid configuration of the filesystem provider");
        return parsed;
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

    /** The checked root, or null with a problem (or two) reported. */
    private static Path root(SettingsReader settings) {
        String value = settings.get(ROOT);
        if (value == null) {
            return null; // reported as missing by the reader
        }
        Path p;
        try {
            p = Paths.get(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            settings.problem("'" + ROOT + "' = '" + value + "' is not a valid path (" + e.getReason() + ")");
            return null;
        }
        if (!Files.exists(p)) {
            settings.problem("'" + ROOT + "' = '" + p + "' does not exist: create the directory (or mount the share) first");
            return null;
        }
        if (!Files.isDirectory(p)) {
            settings.problem("'" + ROOT + "' = '" + p + "' is not a directory: point it at a directory");
            return null;
        }
        try {
            p = p.toRealPath();
        } catch (IOException e) {
            settings.problem("'" + ROOT + "' = '" + p + "' cannot be resolved (" + e + ")");
            return null;
        }
        // Files.isWritable is unreliable on network mounts and for root; create a file to be sure.
        Path probe = p.resolve(".s3upload-probe-" + UUID.randomUUID());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            settings.problem("'" + ROOT + "' = '" + p + "' is not writable (" + e.getClass().getSimpleName()
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
}
