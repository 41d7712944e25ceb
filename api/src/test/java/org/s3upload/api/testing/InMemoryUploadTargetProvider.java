package org.s3upload.api.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.internal.ByteSizes;
import org.s3upload.spi.ConfigKey;
import org.s3upload.spi.UploadTargetProvider;

/**
 * Makes {@link InMemoryUploadTarget}s on one {@link InMemoryStore}. Deliberately not registered
 * for {@link java.util.ServiceLoader}: a test double must not turn up in another module's discovery.
 */
public final class InMemoryUploadTargetProvider implements UploadTargetProvider {
    public static final String PART_SIZE = "partSize";
    private static final String DEFAULT_PART_SIZE = "64KiB";

    private final InMemoryStore store;

    public InMemoryUploadTargetProvider(InMemoryStore store) {
        this.store = Objects.requireNonNull(store, "store is null");
    }

    public InMemoryStore store() {
        return store;
    }

    @Override
    public String id() {
        return InMemoryTokens.PROVIDER_ID;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String description() {
        return "In-memory object store for tests";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return Arrays.asList(ConfigKey.optional(PART_SIZE, DEFAULT_PART_SIZE,
                "Files larger than this go up in parts of this size (a size such as 64KiB, at least 1 byte)"));
    }

    @Override
    public UploadTarget create(Map<String, String> config) throws UploadException {
        String text = config.getOrDefault(PART_SIZE, DEFAULT_PART_SIZE);
        long partSize;
        try {
            partSize = ByteSizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw UploadException.permanent(PART_SIZE + " '" + text + "' is not a size: " + e.getMessage()
                    + "; write it as for example 64KiB");
        }
        if (partSize < 1) {
            throw UploadException.permanent(PART_SIZE + " is " + partSize + ": it must be at least 1 byte");
        }
        return new InMemoryUploadTarget(store, id(), partSize);
    }
}
