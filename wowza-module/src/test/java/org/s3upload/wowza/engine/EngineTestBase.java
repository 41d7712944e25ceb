package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the engine tests share: a storage folder, a fake target, a captured log and one engine. */
abstract class EngineTestBase {
    @TempDir
    Path dir;
    Path storage;
    final FakeTarget target = new FakeTarget();
    final CapturingLog log = new CapturingLog();
    UploadEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    UploadEngine start(Consumer<EngineConfig.Builder> settings) throws IOException {
        storage = Files.createDirectories(dir.resolve("content"));
        EngineConfig.Builder b = config();
        settings.accept(b);
        engine = UploadEngine.start(b.build(), target, log, null);
        return engine;
    }

    /** An engine configuration as {@link #start} makes it, for a restart in the same test. */
    EngineConfig.Builder config() {
        return EngineConfig.builder(storage).names("live", "_definst_").retry(20, 100).statusIntervalMillis(0);
    }

    Path record(String name, String content) throws IOException {
        Path p = storage.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    void awaitUploaded(String key) {
        Await.until(key + " is uploaded", () -> target.objects.containsKey(key), log::toString);
    }

    void awaitIdle() {
        Await.until("the engine is idle", () -> engine.status().idle(), log::toString);
    }
}
