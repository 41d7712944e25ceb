package org.s3upload.api.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.s3upload.api.contract.UploadTargetContractTest;
import org.s3upload.spi.UploadTargetProvider;

/** The test double keeps the contract every provider keeps, so tests built on it test real behaviour. */
class InMemoryContractTest extends UploadTargetContractTest {
    private static final long PART = 64 << 10;
    private final InMemoryStore store = new InMemoryStore();

    @Override
    protected UploadTargetProvider provider() {
        return new InMemoryUploadTargetProvider(store);
    }

    @Override
    protected Map<String, String> config() {
        return Collections.singletonMap(InMemoryUploadTargetProvider.PART_SIZE, "64KiB");
    }

    @Override
    protected long partSize() {
        return PART;
    }

    @Override
    protected byte[] readObject(String key) {
        byte[] b = store.objects().get(key);
        if (b == null) {
            throw new AssertionError("no object at " + key);
        }
        return b;
    }

    @Override
    protected Map<String, Map<String, String>> invalidConfigs() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put(InMemoryUploadTargetProvider.PART_SIZE, with(config(), InMemoryUploadTargetProvider.PART_SIZE, "lots"));
        return m;
    }
}
