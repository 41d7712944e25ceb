package org.s3upload.wowza.host;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.s3upload.spi.ConfigKey;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;

/**
 * A test provider ("flaky-start") whose storage is unreachable for the first {@code failures}
 * creations, then writes through the filesystem provider. Declares {@code apiKey} secret.
 */
public final class FlakyStartProvider implements UploadTargetProvider {
    public static final AtomicInteger CREATIONS = new AtomicInteger();

    @Override
    public String id() {
        return "flaky-start";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String description() {
        return "test: unreachable at first, then a directory";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return Arrays.asList(ConfigKey.required("root", "directory"), ConfigKey.optional("failures", "0", "how often create fails"),
                ConfigKey.optional("apiKey", null, "a credential").asSecret());
    }

    @Override
    public UploadTarget create(Map<String, String> config) throws UploadException {
        if (CREATIONS.incrementAndGet() <= Integer.parseInt(config.getOrDefault("failures", "0"))) {
            throw UploadException.retryable("storage unreachable (test)", null);
        }
        return UploadTargets.provider("filesystem").create(config);
    }
}
