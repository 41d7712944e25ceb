package org.s3upload.provider.filesystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.contract.UploadTargetContractTest;

/** The provider contract against a temporary directory, with small chunks so every file has several. */
class FilesystemContractTest extends UploadTargetContractTest {
    private static final long CHUNK = 64 * 1024;

    @TempDir
    static Path root;

    @Override
    protected UploadTargetProvider provider() {
        return new FilesystemProvider();
    }

    @Override
    protected Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("root", root.toString());
        c.put("chunkSize", "64KiB");
        return c;
    }

    @Override
    protected byte[] readObject(String key) throws Exception {
        return Files.readAllBytes(root.resolve(key));
    }

    @Override
    protected long partSize() {
        return CHUNK;
    }

    @Override
    protected Map<String, Map<String, String>> invalidConfigs() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("root", with(config(), "root", root.resolve("does-not-exist").toString()));
        m.put("chunkSize", with(config(), "chunkSize", "lots"));
        m.put("fsync", with(config(), "fsync", "sometimes"));
        m.put("threads", with(config(), "threads", "0"));
        return m;
    }
}
