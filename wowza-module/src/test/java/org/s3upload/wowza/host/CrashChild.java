package org.s3upload.wowza.host;

import org.s3upload.wowza.stub.SimulatedAppInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.s3upload.wowza.ModuleS3Upload;
import org.s3upload.wowza.engine.Checkpoints;
import org.s3upload.wowza.engine.EngineStatus;

/**
 * A Wowza process in miniature for the crash tests: hosts the real module with the filesystem
 * provider, reports the recordings named in {@code crash.notify} as finished, and prints
 * {@code DONE} once nothing is left to upload. With {@code crash.pauseAt=point@n} it prints
 * {@code PAUSED point} and freezes the n-th time a module thread reaches that checkpoint, so that
 * the test can kill it with SIGKILL right there.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path content = Paths.get(System.getProperty("crash.content"));
        AtomicBoolean armed = new AtomicBoolean();
        installPause(System.getProperty("crash.pauseAt", ""), armed);
        SimulatedAppInstance app = new SimulatedAppInstance("live", "_definst_", content);
        String bucket = System.getProperty("crash.bucket");
        if (bucket != null) {
            app.getProperties().setProperty("s3UploadTarget", "filesystem");
            app.getProperties().setProperty("s3Upload.filesystem.root", bucket);
            app.getProperties().setProperty("s3Upload.filesystem.chunkSize", "4KiB");
        }
        app.getProperties().setProperty("s3UploadDeleteOriginalFiles", System.getProperty("crash.deleteOriginal", "true"));
        app.getProperties().setProperty("s3UploadVersionFile", "true");
        app.getProperties().setProperty("s3UploadRetryInitialDelay", "50");
        app.getProperties().setProperty("s3UploadStatusInterval", "0");
        // Gives the recorder thread time to report every recording before uploads begin, so the
        // pause always hits a recording the module already owns.
        app.getProperties().setProperty("s3UploadDelay", "300");
        // Any -Dcrash.prop.<name>=<value> sets (or overrides) an application property, so the same child
        // runs with another provider (e.g. -Dcrash.prop.s3UploadTarget=s3 and the s3 settings).
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("crash.prop.")) {
                app.getProperties().setProperty(name.substring("crash.prop.".length()), System.getProperty(name));
            }
        }
        ModuleS3Upload module = new ModuleS3Upload();
        module.onAppStart(app);
        String notify = System.getProperty("crash.notify", "");
        for (String name : notify.split(",")) {
            if (!name.isEmpty()) {
                String stream = name.substring(name.lastIndexOf('/') + 1, name.lastIndexOf('.'));
                app.finishRecording(content.resolve(name), stream);
            }
        }
        armed.set(true);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            EngineStatus s = module.status();
            if (s != null && s.idle() && s.failed() == 0 && markers(content) == 0) {
                module.onAppStop(app);
                System.out.println("DONE");
                System.out.flush();
                System.exit(0);
            }
            Thread.sleep(20);
        }
        System.out.println("STUCK " + module.status());
        System.out.flush();
        System.exit(2);
    }

    private static long markers(Path content) throws Exception {
        try (Stream<Path> s = Files.walk(content)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".upload")).count();
        }
    }

    /** With {@code point@n}: freezes the n-th time a module thread reaches the point once {@code armed}, after printing PAUSED. */
    public static void installPause(String spec, AtomicBoolean armed) {
        if (spec.isEmpty()) {
            return;
        }
        int at = spec.lastIndexOf('@');
        String point = spec.substring(0, at);
        int nth = Integer.parseInt(spec.substring(at + 1));
        AtomicInteger seen = new AtomicInteger();
        Checkpoints.install(reached -> {
            // Before every recording was handed over, a crash is Wowza's crash before it reported the
            // recording, which no module can survive; what is tested is the module's own work.
            if (!armed.get() || !reached.equals(point)) {
                return;
            }
            if (seen.incrementAndGet() == nth) {
                System.out.println("PAUSED " + reached);
                System.out.flush();
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // frozen until killed
                    }
                }
            }
        });
    }
}
