package org.s3upload.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.s3upload.spi.ConfigKey;
import org.s3upload.internal.Json;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;

/**
 * Runs every measurement of the benchmark against one S3Proxy process and writes the Markdown report.
 * See benchmarks/README.md for the flags; {@code benchmarks/run.sh} is the documented entry point.
 * Exits 1 if any stored object failed verification.
 */
public final class BenchmarkRunner {
    private final BenchOptions options;
    private final Report report;
    private final String clientClasspath;
    private int failures;

    private BenchmarkRunner(BenchOptions options) {
        this.options = options;
        this.report = new Report(options);
        Path classes = Path.of(BenchmarkRunner.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        this.clientClasspath = classes + java.io.File.pathSeparator + options.clientClasspath();
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        BenchmarkRunner runner = new BenchmarkRunner(options);
        Path reportFile = runner.run();
        System.out.println(Files.readString(reportFile));
        System.err.println("report written to " + reportFile);
        if (runner.failures > 0) {
            System.err.println(runner.failures + " upload(s) failed or did not verify; see the report");
            System.exit(1);
        }
    }

    /** Uploads that failed or did not verify so far. */
    int failures() {
        return failures;
    }

    static BenchmarkRunner of(BenchOptions options) {
        return new BenchmarkRunner(options);
    }

    /** Runs everything and returns the report file. */
    Path run() throws Exception {
        Files.createDirectories(options.workDir());
        Files.createDirectories(options.outDir());
        report.environment(environment());
        report.load("before start", loadAverage());
        try (S3ProxyServer server = S3ProxyServer.start(options.serverClasspath(), options.workDir(), "recordings")) {
            log("S3Proxy pid " + server.pid() + " ready on " + server.endpoint().url() + " after " + server.readyMillis() + " ms");
            report.server(server.endpoint().url(), server.readyMillis());
            try (ObjectVerifier verifier = new ObjectVerifier(server.endpoint())) {
                if (!options.skip().contains("throughput")) {
                    largeFile(server, verifier);
                    report.load("after large-file runs", loadAverage());
                }
                if (!options.skip().contains("many")) {
                    manyRecordings(server, verifier);
                    report.load("after many recordings", loadAverage());
                }
                if (!options.skip().contains("resume")) {
                    resume(server, verifier);
                    report.load("after resume", loadAverage());
                }
                if (!options.skip().contains("hotpath")) {
                    log("hot path: " + options.hotPathEvents() + " onRecordingFinished calls");
                    report.hotPath(ModuleBench.hotPath(options, clientClasspath, server.endpoint()));
                    report.load("after hot path", loadAverage());
                }
                if (!options.skip().contains("recovery")) {
                    log("startup recovery: " + options.recoveryMarkers() + " pending markers");
                    report.recovery(ModuleBench.recovery(options, clientClasspath, server.endpoint()));
                    report.load("after recovery", loadAverage());
                }
            }
        }
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(Instant.now());
        String name = options.reportName() != null ? options.reportName() : date + (options.smoke() ? "-smoke" : "") + "-report.md";
        Path file = options.outDir().resolve(name);
        Files.writeString(file, report.toMarkdown());
        return file;
    }

    private void largeFile(S3ProxyServer server, ObjectVerifier verifier) throws Exception {
        // Alone in its directory: the engine takes that directory as its storage root.
        Path file = options.workDir().resolve("large").resolve("recording-large.mp4");
        log("creating " + file + " (" + options.sizeBytes() + " bytes)");
        String md5 = TestData.create(file, options.sizeBytes(), 42);
        Clients clients = new Clients(server.endpoint(), options.workDir(), clientClasspath, options);
        List<String> rows = new ArrayList<>();
        for (String row : options.rows()) {
            BenchOptions.Variant v = options.variants().get(row);
            String tool = v == null ? row : v.base();
            if (Clients.installed(tool)) {
                rows.add(row);
            } else {
                report.note("`" + row + "` skipped: " + tool + " is not installed (run.sh installs awscli, rclone and s3cmd from Debian)");
            }
        }
        for (String tool : List.of("awscli", "rclone", "s3cmd", "curl")) {
            report.toolVersion(tool, Clients.version(tool));
        }
        report.oursEffectiveConfig(effectiveProviderConfig());
        // Warm the server's JIT so the first timed tool is not charged for it.
        for (int w = 0; w < options.warmups(); w++) {
            for (String row : List.of("sdk", "curl")) {
                if (rows.contains(row)) {
                    String key = "warmup/" + w + "-" + row;
                    TimedProcess.Stats s = runClient(clients, row, file, key, "warmup-" + w + "-" + row);
                    log("warm-up " + row + " " + fmt(options.sizeBytes() / BenchOptions.MIB / s.wallSeconds()) + " MiB/s");
                    verifier.delete(key);
                }
            }
        }
        for (int run = 0; run < options.runs(); run++) {
            // Rotate the order each run so no tool always goes first (cold caches) or last (hot server).
            List<String> order = new ArrayList<>(rows);
            java.util.Collections.rotate(order, -run);
            for (String row : order) {
                String key = "large/run" + run + "-" + row + "/" + file.getFileName();
                // Profile only in the last run, so the recording's overhead does not touch the other runs' medians.
                boolean profiled = run == options.runs() - 1 && options.profile().contains(row);
                Path jfr = options.workDir().resolve("profile-" + row + ".jfr");
                List<String> jvmOptions = profiled
                        ? List.of("-XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=2ms,filename=" + jfr, "-Xlog:jfr=warning",
                                "-XX:FlightRecorderOptions=stackdepth=96")
                        : List.of();
                TimedProcess.Stats s = runClient(clients, row, file, key, "run" + run + "-" + row, jvmOptions);
                if (profiled && java.nio.file.Files.exists(jfr)) {
                    report.profile(row, JfrSummary.read(jfr, 15));
                }
                Map<String, Object> inner = innerResult(s.stdout());
                if (inner.get("key") instanceof String k) {
                    key = k; // the engine chose the key from its key template
                }
                ObjectVerifier.Check c = s.ok() ? verifier.verify(key, options.sizeBytes(), md5)
                        : new ObjectVerifier.Check(key, false, -1, null, false);
                if (!c.matches()) {
                    failures++;
                }
                Double uploadSeconds = inner.get("uploadSeconds") instanceof Number n ? n.doubleValue() : null;
                report.largeRun(new Report.LargeRun(run, row, s.wallSeconds(), s.cpuSeconds(), s.maxRssKb(), uploadSeconds,
                        s.ok() ? c.describe() : "FAILED exit " + s.exitCode() + ": " + oneLine(TimedProcess.tail(s.stderr(), 300))));
                if (inner.get("path") instanceof String p && row.equals("ours")) {
                    report.oursPath(p);
                }
                log(String.format(Locale.ROOT, "run %d %-8s %7.1f MiB/s wall %6.2f s cpu %6.2f s rss %d MB md5 %s", run, row,
                        options.sizeBytes() / (double) BenchOptions.MIB / s.wallSeconds(), s.wallSeconds(), s.cpuSeconds(),
                        s.maxRssKb() / 1024, c.describe()));
                verifier.delete(key);
            }
            if (!options.skip().contains("running") && rows.contains("ours") && EngineHarness.available()) {
                RunningJvm.Run r = RunningJvm.measure(run, clients, file, md5, options.sizeBytes(), verifier, options.workDir());
                if (!r.ok()) {
                    failures++;
                }
                report.runningJvm(r);
                log("run " + run + " running JVM: start " + fmt(r.jvmStartCpu() + r.targetCreateCpu() + r.engineStartCpu())
                        + " CPU s, uploads " + r.uploads() + (r.problem() == null ? "" : " " + r.problem()));
            }
            ceilings(file);
        }
        for (String row : options.syscalls()) {
            if (rows.contains(row)) {
                countSyscalls(clients, row, file, verifier);
            }
        }
        report.leftover("large/", verifier.incompleteUploads("large/"));
    }

    /**
     * One more, untimed, upload of {@code row} under {@code strace -f -c} (ptrace slows it down, so
     * never in a timed run): how many read and write system calls the client made per GiB.
     */
    private void countSyscalls(Clients clients, String row, Path file, ObjectVerifier verifier) throws Exception {
        Path out = options.workDir().resolve("strace-" + row + ".txt");
        String key = "large/strace-" + row + "/" + file.getFileName();
        Clients.Invocation inv = clients.upload(row, file, key);
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-c", "-o", out.toString(),
                "-e", "trace=write,writev,sendto,sendmsg,read,readv,pread64,recvfrom"));
        cmd.addAll(inv.command());
        TimedProcess.Stats s = TimedProcess.run(cmd, inv.env(), inv.unsetEnv(), options.workDir(), "strace-" + row, 3600);
        Map<String, Object> inner = innerResult(s.stdout());
        if (inner.get("key") instanceof String k) {
            key = k;
        }
        if (!s.ok() || !java.nio.file.Files.exists(out)) {
            report.note("strace of `" + row + "` failed (is strace installed?): " + oneLine(TimedProcess.tail(s.stderr(), 200)));
        } else {
            Map<String, Long> calls = new LinkedHashMap<>();
            for (String line : java.nio.file.Files.readAllLines(out)) {
                String[] f = line.trim().split("\\s+");
                // "% time  seconds  usecs/call  calls  [errors]  syscall"; the "total" line is left out.
                String name = f[f.length - 1];
                if (f.length >= 5 && name.matches("[a-z0-9_]+") && !name.equals("total") && f[3].matches("[0-9]+")) {
                    calls.put(name, Long.parseLong(f[3]));
                }
            }
            report.syscalls(row, calls, options.sizeBytes());
            log("strace " + row + " " + calls);
        }
        verifier.delete(key);
    }

    private void ceilings(Path file) throws Exception {
        // Disk read ceilings: page cache (what the uploaders actually get after the first read) and O_DIRECT.
        for (String mode : List.of("cached", "direct")) {
            List<String> cmd = new ArrayList<>(List.of("dd", "if=" + file, "of=/dev/null", "bs=8M"));
            if (mode.equals("direct")) {
                cmd.add("iflag=direct");
            }
            TimedProcess.Stats s = TimedProcess.run(cmd, Map.of(), List.of(), options.workDir(), "dd-" + mode, 600);
            if (s.ok()) {
                report.diskRead(mode, options.sizeBytes() / (double) BenchOptions.MIB / s.wallSeconds());
            } else {
                report.note("dd " + mode + " failed: " + TimedProcess.tail(s.stderr(), 200));
            }
        }
    }

    private TimedProcess.Stats runClient(Clients clients, String row, Path file, String key, String label) throws Exception {
        return runClient(clients, row, file, key, label, List.of());
    }

    private TimedProcess.Stats runClient(Clients clients, String row, Path file, String key, String label, List<String> jvmOptions)
            throws Exception {
        Clients.Invocation inv = clients.upload(row, file, key, jvmOptions);
        return TimedProcess.run(inv.command(), inv.env(), inv.unsetEnv(), options.workDir(), label, 3600);
    }

    private void manyRecordings(S3ProxyServer server, ObjectVerifier verifier) throws Exception {
        Path dir = options.workDir().resolve("many-" + options.manyCount() + "x" + options.manyBytes());
        log("creating " + options.manyCount() + " recordings of " + options.manyBytes() + " bytes in " + dir);
        Map<String, String> md5s = new LinkedHashMap<>();
        for (int i = 0; i < options.manyCount(); i++) {
            Path f = dir.resolve(String.format(Locale.ROOT, "rec-%04d.mp4", i));
            md5s.put("many/" + f.getFileName(), TestData.create(f, options.manyBytes(), 1000 + i));
        }
        List<String> cmd = new ArrayList<>(List.of(Jvm.javaExecutable(), "-Xmx" + options.manyHeap(), "-cp", clientClasspath,
                ManyRecordingsMain.class.getName(), dir.toString(), String.valueOf(options.manySpreadMillis())));
        cmd.addAll(List.of(server.endpoint().toArgs()));
        options.ours().forEach((k, v) -> cmd.add(k + "=" + v));
        log("many recordings: " + options.manyCount() + " x " + options.manyBytes() + " bytes within " + options.manySpreadMillis() + " ms");
        TimedProcess.Stats s = TimedProcess.run(cmd, Map.of(), List.of(), options.workDir(), "many", 3600);
        Map<String, Object> r = innerResult(s.stdout());
        int ok = 0;
        List<String> problems = new ArrayList<>();
        if (s.ok()) {
            List<Map.Entry<String, String>> entries = new ArrayList<>(md5s.entrySet());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<ObjectVerifier.Check>> checks = new ArrayList<>();
                for (Map.Entry<String, String> e : entries) {
                    checks.add(pool.submit(() -> verifier.verify(e.getKey(), options.manyBytes(), e.getValue())));
                }
                for (Future<ObjectVerifier.Check> f : checks) {
                    ObjectVerifier.Check c = f.get();
                    if (c.matches()) {
                        ok++;
                    } else {
                        failures++;
                        problems.add(c.key() + " " + c.describe());
                    }
                }
            } finally {
                pool.shutdown();
            }
            for (String key : md5s.keySet()) {
                verifier.delete(key);
            }
        }
        if (!s.ok()) {
            failures++;
        }
        report.many(new Report.Many(options.manyCount(), options.manyBytes(), options.manySpreadMillis(), options.manyHeap(), s, r, ok,
                problems, uploadThreads()));
        report.leftover("many/", verifier.incompleteUploads("many/"));
    }

    private void resume(S3ProxyServer server, ObjectVerifier verifier) throws Exception {
        // Alone in its directory, which the engine scans for markers when it starts.
        Path file = options.workDir().resolve("resume").resolve("recording-resume.mp4");
        String md5 = TestData.create(file, options.resumeBytes(), 4242);
        String key = "resume/" + file.getFileName();
        boolean viaEngine = EngineHarness.available();
        Path tokenFile = options.workDir().resolve("resume-token.json");
        Files.deleteIfExists(tokenFile);
        List<String> args = new ArrayList<>(List.of(file.toString(), key, tokenFile.toString()));
        args.addAll(List.of(server.endpoint().toArgs()));
        options.ours().forEach((k, v) -> args.add(k + "=" + v));

        List<String> first = new ArrayList<>(List.of(Jvm.javaExecutable(), "-cp", clientClasspath, ResumeMain.class.getName(), "start"));
        first.addAll(args);
        log("resume: uploading " + options.resumeBytes() + " bytes, killing the JVM at 50%");
        Process p = new ProcessBuilder(first).redirectError(options.workDir().resolve("resume-start.err").toFile()).start();
        long lastSent = 0;
        long lastDone = 0;
        boolean killed = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("PROGRESS ")) {
                    String[] f = line.split(" ");
                    lastSent = Long.parseLong(f[1]);
                    lastDone = Long.parseLong(f[2]);
                    if (lastSent * 2 >= options.resumeBytes()) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hook, no pause, like a crash or kill -9
                        killed = true;
                        break;
                    }
                }
            }
        }
        p.waitFor();
        Report.Resume.Builder rb = new Report.Resume.Builder(options.resumeBytes(), killed, lastSent, lastDone);
        if (!killed) {
            rb.problem("the first JVM finished (exit " + p.exitValue() + ") before reaching 50%; see resume-start.err");
        } else if (!viaEngine && !Files.exists(tokenFile)) {
            rb.problem("no resume token was published before the kill at " + lastSent + " bytes sent");
        } else {
            var s3 = verifier.client();
            var mpus = s3.listMultipartUploads(new com.amazonaws.services.s3.model.ListMultipartUploadsRequest(
                    server.endpoint().bucket()).withPrefix(key)).getMultipartUploads();
            long stored = 0;
            long partSize = 0;
            int parts = 0;
            for (var u : mpus) {
                // S3Proxy returns every part in one page (it ignores max-parts), so one call is complete here.
                for (var part : s3.listParts(new com.amazonaws.services.s3.model.ListPartsRequest(
                        server.endpoint().bucket(), key, u.getUploadId())).getParts()) {
                    stored += part.getSize();
                    partSize = Math.max(partSize, part.getSize());
                    parts++;
                }
            }
            rb.serverState(mpus.size(), parts, stored, partSize);
            List<String> second = new ArrayList<>(List.of(Jvm.javaExecutable(), "-cp", clientClasspath, ResumeMain.class.getName(), "resume"));
            second.addAll(args);
            TimedProcess.Stats s = TimedProcess.run(second, Map.of(), List.of(), options.workDir(), "resume-finish", 3600);
            Map<String, Object> r = innerResult(s.stdout());
            if (!s.ok()) {
                rb.problem("resume failed (exit " + s.exitCode() + "): " + TimedProcess.tail(s.stderr(), 400));
            } else {
                rb.resumed(((Number) r.get("bytesSent")).longValue(), ((Number) r.get("uploadSeconds")).doubleValue(), s.wallSeconds());
                if (r.get("path") instanceof String path) {
                    rb.path(path);
                }
            }
            ObjectVerifier.Check c = verifier.verify(key, options.resumeBytes(), md5);
            if (!c.matches()) {
                failures++;
            }
            rb.verified(c.describe());
            verifier.delete(key);
        }
        if (!rb.problemsEmpty()) {
            failures++;
        }
        rb.uploadThreads(uploadThreads());
        rb.configuredPartSize(sizeBytes(effectiveProviderConfig().get("partSize")));
        report.resume(rb.build());
        report.leftover("resume/", verifier.incompleteUploads("resume/"));
    }

    /** The provider's config keys with their defaults, overridden by --ours; secrets left out. */
    private Map<String, String> effectiveProviderConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        try {
            UploadTargetProvider p = UploadTargets.provider("s3");
            for (ConfigKey k : p.configKeys()) {
                if (!k.secret() && k.defaultValue() != null && !k.defaultValue().isEmpty()) {
                    c.put(k.name(), k.defaultValue());
                }
            }
        } catch (Exception | LinkageError e) {
            c.put("(provider not loadable in the runner)", String.valueOf(e.getMessage()));
        }
        options.ours().forEach((k, v) -> {
            if (!k.toLowerCase(Locale.ROOT).contains("secret")) {
                c.put(k, v);
            }
        });
        return c;
    }

    private int uploadThreads() {
        String v = effectiveProviderConfig().get("uploadThreads");
        try {
            return v == null ? -1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** "8MiB", "5 MiB", "16777216" as bytes; -1 when absent or not understood. */
    static long sizeBytes(String v) {
        if (v == null) {
            return -1;
        }
        var m = java.util.regex.Pattern.compile("(?i)\\s*(\\d+)\\s*(|b|kib|mib|gib|kb|mb|gb|k|m|g)\\s*").matcher(v);
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kib", "kb", "k" -> n << 10;
            case "mib", "mb", "m" -> n << 20;
            case "gib", "gb", "g" -> n << 30;
            default -> n;
        };
    }

    static Map<String, Object> innerResult(String stdout) {
        return stdout.lines().filter(l -> l.startsWith(UploadMain.RESULT_PREFIX)).reduce((a, b) -> b)
                .map(l -> Json.parseObject(l.substring(UploadMain.RESULT_PREFIX.length())))
                .orElse(Map.of());
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date (UTC)", Instant.now().toString());
        env.put("host cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            lines.filter(l -> l.startsWith("MemTotal")).findFirst().ifPresent(l -> env.put("memory", l.replaceAll("\\s+", " ")));
        } catch (IOException e) {
            env.put("memory", "unknown");
        }
        env.put("source measured", options.source());
        env.put("runner flags", "`" + options.commandLine() + "`");
        env.put("mode", options.smoke() ? "smoke (tiny sizes: the numbers mean nothing)" : "full");
        env.put("flags", String.format(Locale.ROOT, "size %d MiB, %d runs, %d warm-up, many %d x %d B within %d ms, resume %d MiB",
                options.sizeBytes() / BenchOptions.MIB, options.runs(), options.warmups(), options.manyCount(), options.manyBytes(),
                options.manySpreadMillis(), options.resumeBytes() / BenchOptions.MIB));
        return env;
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static void log(String msg) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + msg);
    }
}
