package org.s3upload.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command as a child process and measures it like an operator would: wall clock of the
 * whole process, client CPU (user + sys) and peak RSS from GNU time's {@code -v} report. Without
 * {@code /usr/bin/time} only wall clock is known (CPU and RSS are then -1).
 */
final class TimedProcess {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private TimedProcess() {
    }

    /** What one run cost. */
    record Stats(int exitCode, double wallSeconds, double cpuSeconds, long maxRssKb, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static boolean gnuTimeAvailable() {
        return Files.isExecutable(GNU_TIME);
    }

    static Stats run(List<String> command, Map<String, String> env, List<String> unsetEnv, Path workDir, String label, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = workDir.resolve(label + ".out");
        Path err = workDir.resolve(label + ".err");
        Path timeReport = workDir.resolve(label + ".time");
        Files.deleteIfExists(timeReport);
        List<String> cmd = new ArrayList<>();
        boolean timed = gnuTimeAvailable();
        if (timed) {
            cmd.add(GNU_TIME.toString());
            cmd.add("-v");
            cmd.add("-o");
            cmd.add(timeReport.toString());
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        unsetEnv.forEach(pb.environment()::remove);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            throw new IOException(label + " did not finish within " + timeoutSeconds + " s: " + String.join(" ", command));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = -1;
        long rss = -1;
        if (timed && Files.exists(timeReport)) {
            double user = 0;
            double sys = 0;
            for (String line : Files.readAllLines(timeReport)) {
                String l = line.trim();
                if (l.startsWith("User time (seconds):")) {
                    user = Double.parseDouble(after(l));
                } else if (l.startsWith("System time (seconds):")) {
                    sys = Double.parseDouble(after(l));
                } else if (l.startsWith("Maximum resident set size (kbytes):")) {
                    rss = Long.parseLong(after(l));
                } else if (l.startsWith("Elapsed (wall clock) time")) {
                    wall = parseElapsed(l.substring(l.lastIndexOf(' ') + 1));
                }
            }
            cpu = user + sys;
        }
        return new Stats(p.exitValue(), wall, cpu, rss, Files.readString(out), tail(Files.readString(err), 4000));
    }

    private static String after(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    /** GNU time prints h:mm:ss or m:ss.ss. */
    private static double parseElapsed(String s) {
        String[] parts = s.split(":");
        double v = 0;
        for (String part : parts) {
            v = v * 60 + Double.parseDouble(part);
        }
        return v;
    }

    static String tail(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }
}
