package org.s3upload.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.s3upload.internal.Json;
import org.s3upload.api.Progress;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;

/**
 * The JVM that gets killed, and the one that finishes the job.
 *
 * <pre>ResumeMain start|resume FILE KEY TOKEN_FILE URL ACCESS SECRET BUCKET [k=v ...]</pre>
 *
 * {@code start} publishes every resume token to TOKEN_FILE (atomically, like the module's journal
 * would) and prints {@code PROGRESS sent done total} lines until it is killed. {@code resume} reads
 * the token, resumes and prints {@code RESULT {json}}.
 */
public final class ResumeMain {
    private ResumeMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path file = Path.of(args[1]).toAbsolutePath();
        String key = args[2];
        Path tokenFile = Path.of(args[3]);
        S3Endpoint endpoint = S3Endpoint.fromArgs(args, 4);
        Map<String, String> extra = OursConfig.extras(args, 8);
        if (EngineHarness.available()) {
            engine(mode, file, key, endpoint, extra);
            return;
        }
        UploadRequest request = UploadRequest.builder(file, key).build();
        try (UploadTarget target = UploadTargets.create("s3", OursConfig.providerConfig(endpoint, extra))) {
            if ("start".equals(mode)) {
                UploadListener listener = new UploadListener() {
                    @Override
                    public void onResumeToken(String token) {
                        try {
                            // Durably, as the module's journal does.
                            org.s3upload.wowza.engine.AtomicFiles.write(tokenFile, token.getBytes(StandardCharsets.UTF_8));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException("cannot write resume token to " + tokenFile, e);
                        }
                    }

                    @Override
                    public void onProgress(Progress p) {
                        System.out.println("PROGRESS " + p.bytesSent() + " " + p.bytesDone() + " " + p.totalBytes());
                    }
                };
                target.start(request, listener).await();
                System.out.println("FINISHED");
            } else {
                String token = Files.readString(tokenFile);
                long t0 = System.nanoTime();
                UploadResult r = target.resume(token, request, UploadListener.NONE).await();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("uploadSeconds", (System.nanoTime() - t0) / 1e9);
                out.put("bytesSent", r.bytesSent());
                out.put("size", r.size());
                out.put("checksum", r.checksum().toString());
                out.put("jvmUptimeSeconds", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                System.out.println(UploadMain.RESULT_PREFIX + Json.write(out));
            }
        }
    }

    /**
     * Through the module's engine, which journals the token in the recording's marker itself: the
     * second JVM just starts the engine, whose startup recovery finds the marker and resumes.
     */
    private static void engine(String mode, Path file, String key, S3Endpoint endpoint, Map<String, String> extra) throws Exception {
        Path dir = file.getParent();
        String prefix = key.substring(0, key.lastIndexOf('/') + 1);
        EngineHarness.QuietLog log = new EngineHarness.QuietLog();
        if ("start".equals(mode)) {
            EngineHarness.forgetMarkers(dir);
        }
        long t0 = System.nanoTime();
        try (UploadTarget target = UploadTargets.create("s3", OursConfig.providerConfig(endpoint, extra));
             var engine = EngineHarness.start(dir, prefix, target, log)) {
            if ("start".equals(mode)) {
                engine.onRecordingFinished(file, "bench");
                long size = Files.size(file);
                while (engine.status().completed() == 0) {
                    var s = engine.status();
                    System.out.println("PROGRESS " + s.bytesSent() + " -1 " + size);
                    Thread.sleep(20);
                }
                System.out.println("FINISHED");
            } else {
                var s = EngineHarness.awaitCompleted(engine, 1, 3_600_000);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("uploadSeconds", (System.nanoTime() - t0) / 1e9);
                out.put("bytesSent", s.bytesSent());
                out.put("key", prefix + file.getFileName());
                out.put("path", "the Wowza module's engine: the restarted engine's startup recovery resumes from the marker");
                out.put("jvmUptimeSeconds", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                System.out.println(UploadMain.RESULT_PREFIX + Json.write(out));
            }
        }
    }
}
