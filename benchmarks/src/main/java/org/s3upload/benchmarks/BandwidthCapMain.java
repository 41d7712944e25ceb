package org.s3upload.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;
import org.s3upload.wowza.engine.EngineSettings;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.engine.UploadEngine;

/**
 * The bandwidth cap ({@code s3UploadMaxBytesPerSecond}) measured through the module's engine and
 * provider-s3 against S3Proxy in its own JVM: the achieved rate of uploads that take about
 * {@code --seconds} at the cap, next to the same upload with no cap.
 *
 * <pre>BandwidthCapMain --server-cp FILE [--cap-mib N] [--seconds N] [--work DIR]</pre>
 *
 * Rows: no cap; the cap with one recording; the cap shared by two recordings uploaded at once (one
 * bucket for the application); half the cap changed to the cap half-way through
 * ({@link UploadEngine#setMaxBytesPerSecond}). Each rate is bytes ÷ the wall time from the hand-over
 * ({@code onRecordingFinished}) to the engine's report of every recording verified; the 1-second
 * windows come from the engine's bytes-sent counter sampled every 100 ms. Prints a Markdown table.
 */
public final class BandwidthCapMain {
    private static final long MIB = 1 << 20;

    private BandwidthCapMain() {
    }

    public static void main(String[] args) throws Exception {
        String serverCp = null;
        long capMib = 8;
        int seconds = 20;
        Path work = Path.of("benchmarks/target/bench-work/bandwidth");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server-cp" -> serverCp = Files.readString(Path.of(args[++i])).trim();
                case "--cap-mib" -> capMib = Long.parseLong(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown flag '" + args[i] + "'; see benchmarks/README.md");
            }
        }
        if (serverCp == null) {
            throw new IllegalArgumentException("--server-cp FILE is required (benchmarks/target/classpath-server.txt)");
        }
        long cap = capMib * MIB;
        long total = cap * seconds;
        Files.createDirectories(work);
        List<String> rows = new ArrayList<>();
        System.err.println("load average before: " + loadAverage());
        try (S3ProxyServer server = S3ProxyServer.start(serverCp, work, "recordings");
             ObjectVerifier verifier = new ObjectVerifier(server.endpoint())) {
            Map<String, String> config = OursConfig.providerConfig(server.endpoint(), Map.of());
            run("warm-up (not reported)", 0, 0, 0, List.of(recording(work, "warmup", 32 * MIB)), config, verifier);
            rows.add(run("no cap", 0, 0, 0, List.of(recording(work, "uncapped", total)), config, verifier));
            rows.add(run("cap " + capMib + " MiB/s, 1 recording", cap, 0, 0, List.of(recording(work, "capped", total)),
                    config, verifier));
            rows.add(run("cap " + capMib + " MiB/s shared by 2 recordings at once", cap, 0, 0,
                    List.of(recording(work, "shared-a", total / 2), recording(work, "shared-b", total / 2)), config, verifier));
            // Half the time at half the cap, then the cap: 3/4 of the bytes of the other rows.
            rows.add(run("cap " + capMib / 2 + " MiB/s, set to " + capMib + " MiB/s at run time after " + seconds / 2 + " s",
                    cap / 2, cap, seconds / 2.0, List.of(recording(work, "changed", total * 3 / 4)), config, verifier));
        }
        System.err.println("load average after: " + loadAverage());
        System.out.println("| run | bytes | wall s | MiB/s end to end | MiB/s while sending | ÷ cap (end to end / sending) "
                + "| 1-s windows while sending: min–max MiB/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static final Map<Path, String> MD5S = new LinkedHashMap<>();

    private static Path recording(Path work, String name, long size) throws Exception {
        Path dir = Files.createDirectories(work.resolve("recordings").resolve(name));
        Path file = dir.resolve(name + ".mp4");
        MD5S.put(file, TestData.create(file, size, size ^ name.hashCode()));
        return file;
    }

    /**
     * Uploads {@code files} through a fresh engine capped at {@code cap} (0: none); with {@code raiseTo} > 0
     * the cap is raised to it after {@code raiseAfter} seconds. Returns the table row.
     */
    private static String run(String name, long cap, long raiseTo, double raiseAfter, List<Path> files,
            Map<String, String> providerConfig, ObjectVerifier verifier) throws Exception {
        System.err.println("bandwidth: " + name);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        Map<String, String> config = new LinkedHashMap<>(providerConfig);
        String prefix = "bandwidth/" + System.nanoTime() + "/";
        List<double[]> samples = new ArrayList<>();
        long t0;
        long t1;
        long raiseAtNanos = raiseTo > 0 ? (long) (raiseAfter * 1e9) : -1;
        boolean raised = false;
        Path root = files.get(0).getParent().getParent(); // recordings/<name>/<name>.mp4: keys <name>/<name>.mp4
        try (UploadTarget target = UploadTargets.create("s3", config)) {
            for (Path f : files) {
                EngineHarness.forgetMarkers(f.getParent());
            }
            EngineSettings ec = EngineSettings.builder(root).names("bench", "_definst_").keyPrefix(prefix)
                    .statusIntervalMillis(0).maxConcurrentUploads(Math.max(2, files.size())).maxBytesPerSecond(cap).build();
            try (UploadEngine engine = UploadEngine.start(ec, target, new EngineHarness.QuietLog(), null)) {
                t0 = System.nanoTime();
                for (Path f : files) {
                    engine.onRecordingFinished(f, "bench");
                }
                while (true) {
                    EngineStatus s = engine.status();
                    long now = System.nanoTime();
                    samples.add(new double[] {(now - t0) / 1e9, s.bytesSent()});
                    if (s.completed() >= files.size()) {
                        t1 = now;
                        break;
                    }
                    if (s.failed() > 0) {
                        throw new IllegalStateException("a recording failed: " + s);
                    }
                    if (!raised && raiseAtNanos > 0 && now - t0 >= raiseAtNanos) {
                        engine.setMaxBytesPerSecond(raiseTo);
                        raised = true;
                    }
                    Thread.sleep(100);
                }
            }
        }
        for (Path f : files) {
            String key = prefix + root.relativize(f).toString().replace('\\', '/');
            ObjectVerifier.Check c = verifier.verify(key, Files.size(f), MD5S.get(f));
            if (!c.matches()) {
                throw new IllegalStateException("object " + key + " does not verify: " + c);
            }
        }
        double wall = (t1 - t0) / 1e9;
        double rate = bytes / wall / MIB;
        // The sending phase: from the first sample with bytes sent to the first with all of them sent
        // (before it the job starts and the multipart upload is initiated; after it the upload is
        // completed and verified, which the cap does not govern).
        double first = -1;
        double firstBytes = 0;
        double last = -1;
        for (double[] sample : samples) {
            if (first < 0 && sample[1] > 0) {
                first = sample[0];
                firstBytes = sample[1];
            }
            if (last < 0 && sample[1] >= bytes) {
                last = sample[0];
            }
        }
        double sending = (bytes - firstBytes) / Math.max(1e-9, last - first) / MIB;
        String ratio;
        if (cap == 0) {
            ratio = "–";
        } else {
            double expected = raiseTo > 0 ? expectedMeanRate(bytes, cap, raiseTo, raiseAfter - first) : cap;
            ratio = String.format(Locale.ROOT, "%.3f / %.3f", bytes / wall / expected, sending * MIB / expected);
        }
        double[] window = windows(samples, first, last);
        return String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f | %s | %.2f–%.2f |", name, bytes, wall, rate,
                sending, ratio, window[0], window[1]);
    }

    /** The mean rate of an upload that runs at {@code cap} for {@code raiseAfter} seconds, then at {@code raiseTo}. */
    private static double expectedMeanRate(long bytes, long cap, long raiseTo, double raiseAfter) {
        double firstBytes = raiseAfter * cap;
        return bytes / (raiseAfter + (bytes - firstBytes) / raiseTo);
    }

    /** Min and max MiB/s over the whole 1-second windows between {@code start} and {@code end} (seconds). */
    private static double[] windows(List<double[]> samples, double start, double end) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double from = start; from + 1 <= end; from += 1) {
            double rate = (at(samples, from + 1) - at(samples, from)) / MIB;
            min = Math.min(min, rate);
            max = Math.max(max, rate);
        }
        return min == Double.MAX_VALUE ? new double[] {0, 0} : new double[] {min, max};
    }

    /** Bytes sent at time {@code t}, interpolated between samples. */
    private static double at(List<double[]> samples, double t) {
        for (int i = 1; i < samples.size(); i++) {
            double[] a = samples.get(i - 1);
            double[] b = samples.get(i);
            if (b[0] >= t) {
                return a[1] + (b[1] - a[1]) * (t - a[0]) / Math.max(1e-9, b[0] - a[0]);
            }
        }
        return samples.get(samples.size() - 1)[1];
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
