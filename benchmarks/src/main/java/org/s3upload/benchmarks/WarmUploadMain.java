package org.s3upload.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;
import org.s3upload.internal.Json;
import org.s3upload.wowza.engine.UploadEngine;

/**
 * Splits the client CPU of an upload into what a fresh JVM pays once and what every GiB costs in a
 * JVM that already runs, as Wowza's does: one JVM starts the engine over provider-s3 and uploads the
 * same bytes {@code COUNT} times, one after the other, each as a new recording (a hard link to FILE
 * next to it) under its own key; the process CPU (all
 * threads, JIT and GC included) and the CPU per kind of thread are read before the target exists
 * and after each upload.
 *
 * <pre>WarmUploadMain FILE KEYPREFIX COUNT URL ACCESS SECRET BUCKET [k=v ...]</pre>
 * Prints one line {@code RESULT {json}}.
 */
public final class WarmUploadMain {
    private WarmUploadMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath();
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        S3Endpoint endpoint = S3Endpoint.fromArgs(args, 3);
        Map<String, String> extra = OursConfig.extras(args, 7);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvmStartToMainCpuSeconds", UploadMain.cpuNanos() / 1e9);
        List<Map<String, Object>> uploads = new ArrayList<>();
        EngineHarness.QuietLog log = new EngineHarness.QuietLog();
        long c0 = UploadMain.cpuNanos();
        try (UploadTarget target = UploadTargets.create("s3", OursConfig.providerConfig(endpoint, extra))) {
            long c1 = UploadMain.cpuNanos();
            out.put("targetCreateCpuSeconds", (c1 - c0) / 1e9);
            try (var engine = EngineHarness.start(file.getParent(), prefix, target, log)) {
                out.put("engineStartCpuSeconds", (UploadMain.cpuNanos() - c1) / 1e9);
                out.put("threadCpuBeforeFirstUpload", UploadMain.threadCpu());
                for (int i = 1; i <= count; i++) {
                    uploads.add(uploadOnce(engine, file, prefix, i));
                }
            }
        }
        out.put("uploads", uploads);
        out.put("warnings", log.warnings());
        System.out.println(UploadMain.RESULT_PREFIX + Json.write(out));
    }

    /** Upload number {@code i}: a new recording (a hard link: same bytes, same page cache) under its own key. */
    private static Map<String, Object> uploadOnce(UploadEngine engine, Path file, String prefix, int i) throws Exception {
        Path recording = Files.createLink(file.resolveSibling("warm" + i + "-" + file.getFileName()), file);
        long cpu0 = UploadMain.cpuNanos();
        long t0 = System.nanoTime();
        engine.onRecordingFinished(recording, "warm" + i);
        EngineHarness.awaitCompleted(engine, i, 3_600_000);
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("upload", i);
        u.put("key", prefix + recording.getFileName()); // the engine's key: its prefix + the path below the storage folder
        u.put("seconds", (System.nanoTime() - t0) / 1e9);
        u.put("processCpuSeconds", (UploadMain.cpuNanos() - cpu0) / 1e9);
        u.put("threadCpuAfter", UploadMain.threadCpu());
        Files.delete(recording);
        return u;
    }
}
