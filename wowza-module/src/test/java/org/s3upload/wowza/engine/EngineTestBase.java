package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.testing.FaultyInMemoryUploadTarget;
import org.s3upload.api.testing.InMemoryStore;

/**
 * What the engine tests share: a storage folder, the api's in-memory store with a faulty target on
 * it (the double that passes the provider contract suite), a captured log and one engine.
 */
abstract class EngineTestBase {
    /**
     * Part size of the in-memory target: small, so that almost every test recording goes up in parts
     * and has a resume token, as a large recording does on S3 (a file of at most this many bytes is
     * sent in one piece, without a token).
     */
    static final long PART_SIZE = 4;
    @TempDir
    Path dir;
    Path storage;
    final InMemoryStore store = new InMemoryStore();
    /** The target the next {@link #start} gives the engine; replaced by {@link #reopenTarget}. */
    FaultyInMemoryUploadTarget target = new FaultyInMemoryUploadTarget(store, PART_SIZE);
    final CapturingLog log = new CapturingLog();
    UploadEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        // Threads a test left waiting at a fault end now rather than with the JVM.
        target.releaseUploads();
        target.releaseRemoteCalls();
        target.releasePauses();
        target.close();
    }

    /**
     * A new target on the same store, for an engine restarted in a test: the engine closes its target
     * when it stops, and a closed target refuses every call (as a provider after close() must), so a
     * restart needs a new one, as a real restart makes a new one. Faults set on the old target are gone.
     */
    FaultyInMemoryUploadTarget reopenTarget() {
        target = new FaultyInMemoryUploadTarget(store, PART_SIZE);
        return target;
    }

    UploadEngine start(Consumer<EngineSettings.Builder> settings) throws IOException {
        storage = Files.createDirectories(dir.resolve("content"));
        EngineSettings.Builder b = config();
        settings.accept(b);
        engine = UploadEngine.start(b.build(), target, log, null);
        return engine;
    }

    /** An engine configuration as {@link #start} makes it, for a restart in the same test. */
    EngineSettings.Builder config() {
        return EngineSettings.builder(storage).names("live", "_definst_").retry(20, 100).statusIntervalMillis(0);
    }

    Path record(String name, String content) throws IOException {
        Path p = storage.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    void awaitUploaded(String key) {
        Await.until(key + " is uploaded", () -> store.objects().containsKey(key), log::toString);
    }

    void awaitIdle() {
        Await.until("the engine is idle", () -> engine.status().idle(), log::toString);
    }
}
