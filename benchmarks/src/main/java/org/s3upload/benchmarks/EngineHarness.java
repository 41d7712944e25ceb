package org.s3upload.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.s3upload.api.UploadTarget;
import org.s3upload.wowza.engine.EngineSettings;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.engine.MarkerFiles;
import org.s3upload.wowza.engine.UploadEngine;
import org.s3upload.wowza.engine.UploadLog;

/**
 * "Ours" as operators run it: the Wowza module's engine (journal markers, bounded upload pool,
 * verification) on a storage directory, uploading through the S3 provider. Only loaded when the
 * module is on the classpath ({@link #available()}).
 */
final class EngineHarness {
    private EngineHarness() {
    }

    static boolean available() {
        try {
            Class.forName("org.s3upload.wowza.engine.UploadEngine", false, EngineHarness.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Engine defaults, no periodic status line; keys are {@code keyPrefix} + the path below {@code storageDir}. */
    static UploadEngine start(Path storageDir, String keyPrefix, UploadTarget target, UploadLog log) {
        EngineSettings config = EngineSettings.builder(storageDir).names("bench", "_definst_").keyPrefix(keyPrefix)
                .statusIntervalMillis(0).build();
        return UploadEngine.start(config, target, log, null);
    }

    /** Removes markers left by an earlier run so that each run starts from "recording just finished". */
    static void forgetMarkers(Path storageDir) throws IOException {
        try (Stream<Path> s = Files.list(storageDir)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().contains(MarkerFiles.SUFFIX)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Waits until {@code count} recordings completed; fails fast when one failed permanently. */
    static EngineStatus awaitCompleted(UploadEngine engine, long count, long timeoutMillis) throws InterruptedException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + timeoutMillis * 1_000_000;
        while (true) {
            EngineStatus s = engine.status();
            if (s.completed() >= count) {
                return s;
            }
            if (s.failed() > 0) {
                throw new IllegalStateException("the engine reports " + s.failed() + " failed recording(s): " + s);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not all " + count + " recordings completed within " + timeoutMillis + " ms: " + s);
            }
            // The pause grows with the time waited (1/200 of it, 2 to 50 ms): the end of an upload is seen
            // within 0.5 % of its time, and the harness's own wake-ups stay out of the measurement (a
            // 2 ms poll cost the main thread ~0.1-0.3 CPU s per GiB, more under load, charged to ours).
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(Math.max(2, Math.min(50, waitedMillis / 200)));
        }
    }

    /** Engine log lines: warnings and errors to stderr (the first few), the rest dropped. */
    static final class QuietLog implements UploadLog {
        private final java.util.concurrent.atomic.AtomicLong warnings = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong recoveryLine = new java.util.concurrent.atomic.AtomicLong(-1);

        @Override
        public void info(String message) {
            if (message.startsWith("recovery:")) {
                recoveryLine.compareAndSet(-1, System.nanoTime());
            }
        }

        @Override
        public void warn(String message) {
            if (warnings.incrementAndGet() <= 20) {
                System.err.println("WARN " + message);
            }
        }

        @Override
        public void error(String message, Throwable cause) {
            warnings.incrementAndGet();
            System.err.println("ERROR " + message + (cause != null ? " " + cause : ""));
        }

        @Override
        public void debug(String message) {
        }

        long warnings() {
            return warnings.get();
        }

        /** nanoTime of the engine's "recovery: ..." line, or -1. */
        long recoveryLineNanos() {
            return recoveryLine.get();
        }
    }
}
