package org.s3upload.provider.filesystem;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.s3upload.spi.ConfigKey;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;

/**
 * Stores objects as files under a root directory (local disk or a NAS mount): key {@code a/b.mp4}
 * becomes {@code <root>/a/b.mp4}. Each upload copies in chunks into a hidden partial file with a
 * journal, so it resumes from the last complete chunk, verifies size and MD5, and then renames
 * the file into place atomically.
 */
public final class FilesystemProvider implements UploadTargetProvider {
    /** The provider id operators configure. */
    public static final String ID = "filesystem";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String description() {
        return "Directory on local disk or a NAS mount, with resumable chunked copies and atomic rename";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return FilesystemSettings.KEYS;
    }

    @Override
    public UploadTarget create(Map<String, String> config) throws UploadException {
        Objects.requireNonNull(config, "config is null");
        return new FilesystemTarget(FilesystemSettings.parse(config));
    }
}
