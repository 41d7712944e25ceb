package org.s3upload.benchmarks;

import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.transfer.TransferManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.s3upload.internal.Json;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;

/**
 * One upload in a fresh JVM, so that the runner can charge its whole process (JVM start included)
 * like it charges the CLI peers, and also report the upload alone.
 *
 * <pre>UploadMain ours|provider|sdk FILE KEY URL ACCESS SECRET BUCKET [k=v ...]</pre>
 *
 * {@code ours}: the Wowza module's engine over the S3 provider when the module is on the classpath,
 * else the same as {@code provider}. {@code provider}: the S3 provider found through the SPI with the
 * given extra provider config.
 * {@code sdk}: a bare {@code new TransferManager(client)} with default settings (extra {@code signer=v2|v4}).
 * Prints one line {@code RESULT {json}}.
 */
public final class UploadMain {
    static final String RESULT_PREFIX = "RESULT ";

    private UploadMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path file = Path.of(args[1]).toAbsolutePath();
        String key = args[2];
        S3Endpoint endpoint = S3Endpoint.fromArgs(args, 3);
        Map<String, String> extra = OursConfig.extras(args, 7);
        Map<String, Object> out = new LinkedHashMap<>();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        if (mode.equals("ours")) {
            mode = EngineHarness.available() ? "engine" : "provider";
        }
        switch (mode) {
            case "provider" -> {
                try (UploadTarget target = UploadTargets.create("s3", OursConfig.providerConfig(endpoint, extra))) {
                    UploadResult r = target.start(UploadRequest.builder(file, key).build(), UploadListener.NONE).await();
                    out.put("threadCpuBeforeClose", threadCpu());
                    out.put("bytesSent", r.bytesSent());
                    out.put("checksum", r.checksum().toString());
                    out.put("path", "provider-s3 through the SPI (UploadTargets.create(\"s3\"))");
                }
            }
            case "engine" -> {
                // The recording sits alone in its directory; the engine journals it, uploads it and verifies it.
                Path dir = file.getParent();
                EngineHarness.forgetMarkers(dir);
                String prefix = key.substring(0, key.lastIndexOf('/') + 1);
                EngineHarness.QuietLog log = new EngineHarness.QuietLog();
                t0 = System.nanoTime();
                try (UploadTarget target = UploadTargets.create("s3", OursConfig.providerConfig(endpoint, extra));
                     var engine = EngineHarness.start(dir, prefix, target, log)) {
                    engine.onRecordingFinished(file, "bench");
                    var status = EngineHarness.awaitCompleted(engine, 1, 3_600_000);
                    out.put("threadCpuBeforeClose", threadCpu());
                    out.put("bytesSent", status.bytesSent());
                }
                out.put("key", prefix + file.getFileName());
                out.put("path", "the Wowza module's engine (UploadEngine.onRecordingFinished: marker, queue, upload, verify)"
                        + " over provider-s3");
            }
            case "sdk" -> {
                AmazonS3Client s3 = endpoint.sdkClient(extra.getOrDefault("signer", "v4"));
                TransferManager tm = new TransferManager(s3);
                try {
                    tm.upload(endpoint.bucket(), key, file.toFile()).waitForUploadResult();
                } finally {
                    tm.shutdownNow(true);
                }
            }
            default -> throw new IllegalArgumentException("mode '" + mode + "' is unknown; use ours, provider or sdk");
        }
        long t1 = System.nanoTime();
        out.put("uploadSeconds", (t1 - t0) / 1e9);
        out.put("uploadCpuSeconds", (cpuNanos() - cpu0) / 1e9);
        out.put("jvmUptimeSeconds", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        out.put("threadCpuSeconds", threadCpu());
        System.out.println(RESULT_PREFIX + Json.write(out));
    }

    /**
     * CPU seconds (user+sys) of this process's live threads by kind, from /proc/self/task (JIT
     * compiler and GC threads included, which no Java API reports): where the CPU went. Threads
     * that already ended are missing. Empty off Linux.
     */
    static Map<String, Object> threadCpu() {
        Map<String, long[]> byKind = new java.util.TreeMap<>();
        try (var tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = java.nio.file.Files.readString(t.resolve("comm")).trim();
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long[] ticks = byKind.computeIfAbsent(name.replaceAll("[#0-9-]+", ""), k -> new long[2]);
                    ticks[0] += Long.parseLong(f[11]); // utime
                    ticks[1] += Long.parseLong(f[12]); // stime
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        byKind.forEach((k, v) -> out.put(k, String.format(java.util.Locale.ROOT, "user %.2f sys %.2f", v[0] / 100.0, v[1] / 100.0)));
        return out;
    }

    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }
}
