package org.s3upload.reliability;

import com.wowza.wms.logging.WMSLoggerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.s3upload.wowza.ModuleS3Upload;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.stub.SimulatedAppInstance;

/**
 * The real module in wowza-module's fake Wowza host (application {@code live/_definst_}), with
 * every log line captured. One per test; {@link #close()} stops the module and the logger.
 */
final class Host implements AutoCloseable {
    final Path content;
    final SimulatedAppInstance app;
    final FullLog log = new FullLog();
    ModuleS3Upload module;

    Host(Path content) throws IOException {
        this(content, "live");
    }

    /** A host for application {@code appName} (instance {@code _definst_}) recording into {@code content}. */
    Host(Path content, String appName) throws IOException {
        this.content = Files.createDirectories(content);
        this.app = new SimulatedAppInstance(appName, "_definst_", content);
        set("s3UploadStatusInterval", "0");
        set("s3UploadRetryInitialDelay", "50");
        set("s3UploadRetryMaxDelay", "400");
        WMSLoggerFactory.setLogger(log);
    }

    /** A filesystem-provider host writing to {@code bucket}. */
    static Host filesystem(Path content, Path bucket) throws IOException {
        return filesystem(content, bucket, "live");
    }

    /** A filesystem-provider host of application {@code appName} writing to {@code bucket}. */
    static Host filesystem(Path content, Path bucket, String appName) throws IOException {
        Host h = new Host(content, appName);
        h.set("s3UploadTarget", "filesystem");
        h.set("s3Upload.filesystem.root", bucket.toString());
        h.set("s3Upload.filesystem.chunkSize", "4KiB");
        return h;
    }

    Host set(String property, String value) {
        app.getProperties().setProperty(property, value);
        return this;
    }

    Host start() {
        module = new ModuleS3Upload();
        module.onAppStart(app);
        return this;
    }

    void stop() {
        if (module != null) {
            module.onAppStop(app);
            module = null;
        }
    }

    Path write(String relative, byte[] data) throws IOException {
        Path p = content.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Wowza's onWriteComplete for {@code file}, stream name = file name without extension. */
    void finish(Path file) throws Exception {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        app.finishRecording(file, dot > 0 ? n.substring(0, dot) : n);
    }

    EngineStatus status() {
        return module == null ? null : module.status();
    }

    void awaitReady() {
        Await.until("the target is ready", () -> status() != null && status().targetReady(), log::toString);
    }

    /** Nothing waiting, queued or running, and at least {@code completed} done and {@code failed} failed. */
    void awaitSettled(long completed, int failed) {
        Await.until("completed>=" + completed + " failed>=" + failed, () -> {
            EngineStatus s = status();
            return s != null && s.targetReady() && s.idle() && s.completed() >= completed && s.failed() >= failed;
        }, () -> status() + "\n" + log);
    }

    /** Every file under the content directory whose name holds ".upload" (markers, quarantined ones). */
    List<Path> markers() throws IOException {
        try (Stream<Path> s = Files.walk(content)) {
            return s.filter(p -> p.getFileName().toString().contains(".upload")
                    && !p.getFileName().toString().contains(".s3upload-tmp-")).sorted().collect(Collectors.toList());
        }
    }

    @Override
    public void close() {
        stop();
        WMSLoggerFactory.setLogger(null);
    }
}
