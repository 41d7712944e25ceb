package org.s3upload.wowza;

import com.wowza.wms.logging.WMSLoggerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.wowza.host.CapturingWmsLogger;
import org.s3upload.wowza.stub.SimulatedAppInstance;

/**
 * What the module-level tests share: the real module in a fake Wowza host ({@code live/_definst_}),
 * uploading with the filesystem provider into {@link #bucket}, its log captured.
 */
abstract class FilesystemModuleHost {
    @TempDir
    Path dir;
    Path content;
    Path bucket;
    SimulatedAppInstance app;
    ModuleS3Upload module;
    final CapturingWmsLogger logger = new CapturingWmsLogger(false);

    @BeforeEach
    void filesystemHost() throws Exception {
        content = Files.createDirectories(dir.resolve("content"));
        bucket = Files.createDirectories(dir.resolve("bucket"));
        app = new SimulatedAppInstance("live", "_definst_", content);
        set("s3UploadTarget", "filesystem");
        set("s3Upload.filesystem.root", bucket.toString());
        set("s3UploadStatusInterval", "0");
        WMSLoggerFactory.setLogger(logger);
    }

    @AfterEach
    void stopHost() {
        if (module != null) {
            module.onAppStop(app);
            module = null;
        }
        WMSLoggerFactory.setLogger(null);
    }

    void set(String name, String value) {
        app.getProperties().setProperty(name, value);
    }

    void start() {
        module = new ModuleS3Upload();
        module.onAppStart(app);
    }

    /** A recording of {@code size} bytes (random, seeded by its name) under the content folder. */
    Path record(String name, int size) throws Exception {
        Path p = content.resolve(name);
        Files.createDirectories(p.getParent());
        byte[] data = new byte[size];
        new java.util.Random(name.hashCode()).nextBytes(data);
        Files.write(p, data);
        return p;
    }
}
