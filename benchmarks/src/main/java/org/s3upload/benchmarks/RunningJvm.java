package org.s3upload.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The `ours` row runs one fresh JVM per recording, as aws-cli runs from cron; but the module lives in
 * Wowza's JVM, which starts the SDK once and then uploads recording after recording. This section
 * measures that: one JVM per run starts the engine over provider-s3 ({@link WarmUploadMain}), then
 * uploads the large file {@value #UPLOADS} times as new recordings; the CPU of the whole process (all
 * threads, JIT and GC included) is read before the target exists and after each upload. So the report
 * can say what a fresh JVM pays once and what each GiB costs in a running one.
 */
final class RunningJvm {
    /** Recordings per JVM: the first after the application started, and later ones. */
    static final int UPLOADS = 3;
    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double MIB = 1024.0 * 1024;

    /** One recording uploaded by the running JVM. */
    record Upload(int number, double wallSeconds, double cpuSeconds, String verified) {
        boolean ok() {
            return "ok".equals(verified);
        }

        double cpuPerGib(long size) {
            return cpuSeconds / (size / GIB);
        }
    }

    /** One JVM: its start-up costs (CPU s) and its uploads; {@code problem} is null when all went well. */
    record Run(int run, double jvmStartCpu, double targetCreateCpu, double engineStartCpu, List<Upload> uploads, String problem) {
        boolean ok() {
            return problem == null && uploads.size() == UPLOADS && uploads.stream().allMatch(Upload::ok);
        }
    }

    private RunningJvm() {
    }

    /** Runs one JVM, verifies and deletes every object it uploaded. */
    static Run measure(int run, Clients clients, Path file, String md5, long size, ObjectVerifier verifier, Path workDir)
            throws Exception {
        String prefix = "running/run" + run + "/";
        Clients.Invocation inv = clients.running(file, prefix, UPLOADS);
        TimedProcess.Stats s = TimedProcess.run(inv.command(), inv.env(), inv.unsetEnv(), workDir, "run" + run + "-running", 3600);
        Map<String, Object> result = BenchmarkRunner.innerResult(s.stdout());
        List<Upload> uploads = new ArrayList<>();
        if (result.get("uploads") instanceof List<?> list) {
            for (Object o : list) {
                Map<?, ?> u = (Map<?, ?>) o;
                String key = (String) u.get("key");
                ObjectVerifier.Check c = verifier.verify(key, size, md5);
                uploads.add(new Upload(((Number) u.get("upload")).intValue(), num(u, "seconds"), num(u, "processCpuSeconds"), c.describe()));
                verifier.delete(key);
            }
        }
        String problem = s.ok() ? null : "exit " + s.exitCode() + ": " + TimedProcess.tail(s.stderr(), 300).replace('\n', ' ');
        return new Run(run, num(result, "jvmStartToMainCpuSeconds"), num(result, "targetCreateCpuSeconds"),
                num(result, "engineStartCpuSeconds"), List.copyOf(uploads), problem);
    }

    private static double num(Map<?, ?> m, String k) {
        return m.get(k) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Median CPU s per GiB of upload number {@code n} (1-based) over the runs that went well. */
    static double cpuPerGib(List<Run> runs, int n, long size) {
        return Stats.median(runs.stream().filter(Run::ok).map(r -> r.uploads().get(n - 1).cpuPerGib(size)).toList());
    }

    /** Median CPU s per GiB of the uploads after the first. */
    static double laterCpuPerGib(List<Run> runs, long size) {
        return Stats.median(runs.stream().filter(Run::ok).flatMap(r -> r.uploads().stream().skip(1))
                .map(u -> u.cpuPerGib(size)).toList());
    }

    /** Median CPU s a fresh JVM spends before its first upload (JVM start, target created, engine started). */
    static double startCpu(List<Run> runs) {
        return Stats.median(runs.stream().filter(Run::ok).map(r -> r.jvmStartCpu() + r.targetCreateCpu() + r.engineStartCpu()).toList());
    }

    static void appendSection(StringBuilder md, List<Run> runs, long size) {
        md.append("### The module in a running JVM\n\n");
        md.append(String.format(Locale.ROOT, "Wowza's JVM starts the SDK once, when the application starts, and then uploads recording"
                + " after recording; the `ours` row above pays that start in every run. Here one JVM per run starts the engine over"
                + " provider-s3 (as the module does at application start) and then uploads the same %d MiB %d times, each as a new"
                + " recording (`WarmUploadMain`); CPU = user + sys of the whole process (every thread, JIT and GC included) during"
                + " each upload, per GiB. Every object was read back and its MD5 compared.%n%n", size / (1024 * 1024), UPLOADS));
        md.append("| run | JVM start CPU s | S3 target created CPU s | 1st recording: MiB/s | CPU s/GiB | 2nd: MiB/s | CPU s/GiB"
                + " | 3rd: MiB/s | CPU s/GiB | verified |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            md.append("| ").append(r.run()).append(" | ").append(Report.f2(r.jvmStartCpu())).append(" | ")
                    .append(Report.f2(r.targetCreateCpu() + r.engineStartCpu()));
            for (Upload u : r.uploads()) {
                md.append(" | ").append(Report.f1(size / MIB / u.wallSeconds())).append(" | ").append(Report.f2(u.cpuPerGib(size)));
            }
            for (int i = r.uploads().size(); i < UPLOADS; i++) {
                md.append(" | – | –");
            }
            String verified = r.problem() != null ? "FAILED " + r.problem()
                    : r.uploads().stream().filter(Upload::ok).count() + "/" + r.uploads().size();
            md.append(" | ").append(verified.replace('|', '/')).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nMedians: a fresh JVM spends %s CPU s before its first upload; the first recording after"
                + " that costs %s CPU s/GiB, later ones %s.%n%n", Report.f2(startCpu(runs)), Report.f2(cpuPerGib(runs, 1, size)),
                Report.f2(laterCpuPerGib(runs, size))));
    }

    /** Objects of this section that verified. */
    static long verified(List<Run> runs) {
        return runs.stream().flatMap(r -> r.uploads().stream()).filter(Upload::ok).count();
    }

    /** Objects this section uploaded, or should have. */
    static long uploaded(List<Run> runs) {
        return (long) runs.size() * UPLOADS;
    }
}
