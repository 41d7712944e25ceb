package org.s3upload.wowza.jmx;

import com.wowza.wms.logging.WMSLoggerFactory;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.testing.FaultyInMemoryUploadTarget;
import org.s3upload.api.testing.InMemoryStore;
import org.s3upload.wowza.ModuleS3Upload;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.host.CapturingWmsLogger;
import org.s3upload.wowza.host.HeldMemoryProvider;
import org.s3upload.wowza.stub.SimulatedAppInstance;

/**
 * The real module in the simulated Wowza host, uploading to the api's in-memory target (through the
 * test provider "held-memory", so that a test can hold or fail uploads), seen over JMX.
 */
abstract class ModuleHostTestBase {
    @TempDir
    Path dir;
    Path content;
    SimulatedAppInstance app;
    ModuleS3Upload module;
    final InMemoryStore store = new InMemoryStore();
    FaultyInMemoryUploadTarget target;
    final CapturingWmsLogger logger = new CapturingWmsLogger(false);

    @BeforeEach
    void host() throws Exception {
        content = Files.createDirectories(dir.resolve("content"));
        app = new SimulatedAppInstance("live", "_definst_", content);
        app.getProperties().setProperty("s3UploadTarget", "held-memory");
        app.getProperties().setProperty("s3UploadStatusInterval", "0");
        app.getProperties().setProperty("s3UploadRetryInitialDelay", "50");
        target = HeldMemoryProvider.next(store);
        WMSLoggerFactory.setLogger(logger);
    }

    @AfterEach
    void stop() throws Exception {
        HeldMemoryProvider.releaseCreation();
        HeldMemoryProvider.hearInterrupts();
        if (module != null) {
            module.onAppStop(app);
        }
        target.releaseUploads();
        target.releaseRemoteCalls();
        app.shutdown();
        WMSLoggerFactory.setLogger(null);
    }

    void start() {
        module = new ModuleS3Upload();
        module.onAppStart(app);
    }

    ObjectName name() {
        return JmxRegistration.nameOf("_defaultVHost_", "live", "_definst_");
    }

    static MBeanServerConnection platform() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    ModuleS3UploadMXBean bean(MBeanServerConnection server) {
        return JMX.newMXBeanProxy(server, name(), ModuleS3UploadMXBean.class);
    }

    /** Waits until the module uploads (its target is created on a thread of its own). */
    void awaitRunning(ModuleS3UploadMXBean bean) {
        Await.until("the module runs", () -> bean.getState().equals("RUNNING") || bean.getState().equals("PAUSED"),
                logger::toString);
    }

    Path record(String name, int size) throws Exception {
        Path p = content.resolve(name);
        Files.createDirectories(p.getParent());
        byte[] data = new byte[size];
        new Random(name.hashCode()).nextBytes(data);
        Files.write(p, data);
        return p;
    }

    static RecordingRow row(List<RecordingRow> rows, String name) {
        for (RecordingRow r : rows) {
            if (r.getName().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
