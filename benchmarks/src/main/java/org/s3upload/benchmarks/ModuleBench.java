package org.s3upload.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link ModuleBenchMain} in a child JVM: the Wowza module's engine with the real S3 provider. */
final class ModuleBench {
    private ModuleBench() {
    }

    /** One measurement's outcome; {@code why} says why it was not measured. */
    record Result(boolean measured, String why, String description, Map<String, Object> values) {
        static Result notMeasured(String why) {
            return new Result(false, why, "", Map.of());
        }

        double value(String k) {
            Object v = values.get(k);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        }
    }

    static boolean engineAvailable() {
        try {
            Class.forName("org.s3upload.wowza.engine.UploadEngine");
            return org.s3upload.api.UploadTargets.discover().providers().containsKey("s3");
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static Result hotPath(BenchOptions options, String classpath, S3Endpoint endpoint) throws Exception {
        return run("hotpath", options.hotPathEvents(), options, classpath, endpoint,
                "`UploadEngine.onRecordingFinished` (the whole body of `ModuleS3Upload`'s `onWriteComplete` listener) called "
                        + options.hotPathEvents() + " times back to back for finished 1 KiB recordings, engine defaults (2 upload"
                        + " threads) with the real S3 provider against the benchmark server, so earlier recordings upload"
                        + " while later calls are measured. Each call writes the marker durably (temp file, fsync, rename,"
                        + " fsync dir) and enqueues the job. All events are counted, the first (cold JIT) included. The durable-write floor"
                        + " is the same temp-fsync-rename-fsync sequence alone, done after every 10th call in a sibling directory.");
    }

    static Result recovery(BenchOptions options, String classpath, S3Endpoint endpoint) throws Exception {
        return run("recovery", options.recoveryMarkers(), options, classpath, endpoint,
                options.recoveryMarkers() + " recordings of 1 KiB with pending markers in one storage directory. Clock starts"
                        + " before the S3 target is created and the engine started (the module's onAppStart); stops when"
                        + " the engine's status accounts for every recording (waiting, queued, uploading or done). Measured first, separately:"
                        + " listing the directory and parsing every marker (what recovery cannot avoid).");
    }

    private static Result run(String mode, int count, BenchOptions options, String classpath, S3Endpoint endpoint, String description)
            throws Exception {
        if (!engineAvailable()) {
            return Result.notMeasured("the Wowza module's engine (org.s3upload.wowza.engine.UploadEngine) or the S3 provider"
                    + " is not on the benchmark classpath");
        }
        Path dir = options.workDir().resolve(mode + "-" + count);
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Jvm.javaExecutable(), "-cp", classpath, ModuleBenchMain.class.getName(), mode,
                dir.toString(), String.valueOf(count)));
        cmd.addAll(List.of(endpoint.toArgs()));
        options.ours().forEach((k, v) -> cmd.add(k + "=" + v));
        TimedProcess.Stats s = TimedProcess.run(cmd, Map.of(), List.of(), options.workDir(), mode, 1800);
        Map<String, Object> r = BenchmarkRunner.innerResult(s.stdout());
        if (!s.ok() || r.isEmpty()) {
            return Result.notMeasured("the " + mode + " run failed (exit " + s.exitCode() + "): "
                    + BenchmarkRunner.oneLine(TimedProcess.tail(s.stderr(), 600)));
        }
        Map<String, Object> values = new LinkedHashMap<>(r);
        values.put("client process CPU s", s.cpuSeconds());
        values.put("client peak RSS MB", s.maxRssKb() / 1024);
        return new Result(true, "", description, values);
    }
}
