package org.s3upload.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.internal.Json;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;
import org.s3upload.wowza.engine.AtomicFiles;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.engine.Marker;
import org.s3upload.wowza.engine.MarkerFiles;
import org.s3upload.wowza.engine.UploadEngine;

/**
 * The Wowza module's engine with the real S3 provider behind it, in a JVM of its own.
 *
 * <pre>ModuleBenchMain hotpath|recovery DIR COUNT URL ACCESS SECRET BUCKET [k=v ...]</pre>
 *
 * {@code hotpath}: calls {@link UploadEngine#onRecordingFinished} (what {@code ModuleS3Upload}'s
 * {@code onWriteComplete} delegates to) for COUNT finished recordings back to back and records each
 * call's latency: marker written durably and job enqueued, while earlier recordings upload.
 * {@code recovery}: COUNT recordings with pending markers exist; measures from "application start"
 * (target created, engine started) until every one is queued.
 */
public final class ModuleBenchMain {
    private static final int RECORDING_BYTES = 1024;
    private static final byte[] FLOOR_BODY = new byte[300];

    private ModuleBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]).toAbsolutePath();
        int count = Integer.parseInt(args[2]);
        S3Endpoint endpoint = S3Endpoint.fromArgs(args, 3);
        Map<String, String> extra = OursConfig.extras(args, 7);
        Map<String, String> config = OursConfig.providerConfig(endpoint, extra);
        config.put("keyPrefix", mode + "/");
        Map<String, Object> out = "hotpath".equals(mode) ? hotPath(dir, count, config) : recovery(dir, count, config);
        System.out.println(UploadMain.RESULT_PREFIX + Json.write(out));
    }

    private static List<Path> recordings(Path dir, int count) throws java.io.IOException {
        Files.createDirectories(dir);
        byte[] body = new byte[RECORDING_BYTES];
        List<Path> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve(String.format(Locale.ROOT, "stream%05d.mp4", i));
            body[0] = (byte) i;
            body[1] = (byte) (i >> 8);
            Files.write(f, body);
            files.add(f);
        }
        return files;
    }

    private static Map<String, Object> hotPath(Path dir, int count, Map<String, String> config) throws Exception {
        List<Path> files = recordings(dir, count);
        // The floor is sampled interleaved with the events (one bare durable write after every 10th call),
        // so both see the same disk conditions.
        Path floorDir = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-floor"));
        double[] floor = new double[(count + 9) / 10];
        EngineHarness.QuietLog log = new EngineHarness.QuietLog();
        long[] nanos = new long[count];
        EngineStatus after;
        EngineStatus settled;
        try (UploadTarget target = UploadTargets.create("s3", config);
             UploadEngine engine = EngineHarness.start(dir, "", target, log)) {
            Thread.sleep(200); // let the (empty) startup recovery finish so it does not share the measurement
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                engine.onRecordingFinished(files.get(i), "stream" + i);
                nanos[i] = System.nanoTime() - t0;
                if (i % 10 == 0) {
                    floor[i / 10] = durableWrite(floorDir, i / 10);
                }
            }
            after = engine.status();
            // A snapshot taken while uploads run may see a job finish between two of its counts; the
            // check that every event was accepted reads the engine once it has settled.
            long settleBy = System.nanoTime() + 120_000_000_000L;
            while (!engine.status().idle() && System.nanoTime() < settleBy) {
                Thread.sleep(50);
            }
            settled = engine.status();
        }
        double[] ms = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            ms[i] = nanos[i] / 1e6;
            sum += ms[i];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", count);
        out.put("p50Millis", Stats.percentile(ms, 50));
        out.put("p99Millis", Stats.percentile(ms, 99));
        out.put("p999Millis", Stats.percentile(ms, 99.9));
        out.put("maxMillis", Stats.percentile(ms, 100));
        out.put("meanMillis", sum / count);
        out.put("firstEventMillis", ms[0]);
        out.put("durableWriteFloorP50Millis", Stats.percentile(floor, 50));
        out.put("durableWriteFloorP99Millis", Stats.percentile(floor, 99));
        out.put("durableWriteFloorMaxMillis", Stats.percentile(floor, 100));
        out.put("acceptedAtEnd", (long) settled.waiting() + settled.queued() + settled.inFlight() + settled.completed()
                + settled.failed() + settled.reopened());
        out.put("uploadedWhileMeasuring", after.completed());
        out.put("warnings", log.warnings());
        return out;
    }

    /**
     * The floor under any durable marker write on this disk: the engine's own {@code AtomicFiles.write}
     * (temp file, fsync, rename, fsync of the directory) of a marker-sized file, nothing else. Milliseconds.
     */
    private static double durableWrite(Path dir, int i) throws java.io.IOException {
        long t0 = System.nanoTime();
        AtomicFiles.write(dir.resolve("m" + i), FLOOR_BODY);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static Map<String, Object> recovery(Path dir, int count, Map<String, String> config) throws Exception {
        List<Path> files = recordings(dir, count);
        long now = System.currentTimeMillis();
        for (Path f : files) {
            MarkerFiles.write(MarkerFiles.markerOf(f), Marker.pending(FileFingerprint.of(f), null, now));
        }
        // What recovery cannot avoid: listing the directory and parsing every marker (page cache warm, as
        // it is for the engine right after).
        long s0 = System.nanoTime();
        int parsed = 0;
        try (var list = Files.list(dir)) {
            for (Path p : list.toList()) {
                if (p.getFileName().toString().endsWith(MarkerFiles.SUFFIX)) {
                    MarkerFiles.read(p);
                    parsed++;
                }
            }
        }
        double scanSeconds = (System.nanoTime() - s0) / 1e9;
        EngineHarness.QuietLog log = new EngineHarness.QuietLog();
        long t0 = System.nanoTime();
        long allQueued = -1;
        EngineStatus last;
        try (UploadTarget target = UploadTargets.create("s3", config);
             UploadEngine engine = EngineHarness.start(dir, "", target, log)) {
            long deadline = t0 + 120_000_000_000L;
            while (true) {
                last = engine.status();
                long known = (long) last.waiting() + last.queued() + last.inFlight() + last.completed() + last.failed();
                if (known >= count) {
                    allQueued = System.nanoTime() - t0;
                    break;
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(1);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("markers", count);
        out.put("seconds", allQueued < 0 ? -1.0 : allQueued / 1e9);
        out.put("recoveryLogLineSeconds", log.recoveryLineNanos() < 0 ? -1.0 : (log.recoveryLineNanos() - t0) / 1e9);
        out.put("scanAndParseOnlySeconds", scanSeconds);
        out.put("markersParsedInScan", parsed);
        out.put("uploadedMeanwhile", last.completed());
        out.put("warnings", log.warnings());
        return out;
    }

}
