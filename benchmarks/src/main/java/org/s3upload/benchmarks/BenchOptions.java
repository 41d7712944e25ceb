package org.s3upload.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line flags of {@link BenchmarkRunner}; {@code --smoke} shrinks everything to seconds. */
record BenchOptions(
        long sizeBytes,
        int runs,
        int warmups,
        List<String> tools,
        Map<String, Variant> variants,
        Map<String, String> ours,
        int manyCount,
        long manyBytes,
        long manySpreadMillis,
        String manyHeap,
        long resumeBytes,
        int hotPathEvents,
        int recoveryMarkers,
        Set<String> skip,
        Path workDir,
        Path outDir,
        String clientClasspath,
        String serverClasspath,
        boolean smoke,
        String reportName,
        List<String> profile,
        List<String> syscalls,
        String source,
        String commandLine) {

    static final List<String> ALL_TOOLS = List.of("ours", "provider", "sdk", "awscli", "rclone", "s3cmd", "curl", "curl-md5");
    static final long MIB = 1024L * 1024;
    /** What {@code --skip} can leave out. */
    static final List<String> PHASES = List.of("throughput", "running", "many", "resume", "hotpath", "recovery");

    /** A named extra row: the base mode ("ours", "provider" or "sdk") with extra config, e.g. {@code ours-v2=ours:signer=v2}. */
    record Variant(String name, String base, Map<String, String> config) {
    }

    static BenchOptions parse(String[] args) throws java.io.IOException {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        long size = smoke ? 8 * MIB : 1024 * MIB;
        int runs = smoke ? 1 : 3;
        int warmups = smoke ? 0 : 1;
        List<String> tools = new ArrayList<>(ALL_TOOLS);
        Map<String, Variant> variants = new LinkedHashMap<>();
        Map<String, String> ours = new LinkedHashMap<>();
        int manyCount = smoke ? 6 : 200;
        long manyBytes = smoke ? MIB : 20_000_000L;
        long spread = 1000;
        String manyHeap = "256m";
        long resumeBytes = -1;
        int hotPathEvents = smoke ? 200 : 10_000;
        int recoveryMarkers = smoke ? 200 : 10_000;
        Set<String> skip = new LinkedHashSet<>();
        Path work = Path.of("benchmarks/target/bench-work");
        Path out = Path.of("benchmarks/results");
        String clientCp = null;
        String serverCp = null;
        String reportName = null;
        List<String> profile = new ArrayList<>();
        List<String> syscalls = new ArrayList<>();
        String source = System.getenv().getOrDefault("BENCH_SOURCE", "unknown");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--smoke" -> { }
                case "--size-mib" -> size = Long.parseLong(args[++i]) * MIB;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--tools" -> tools = new ArrayList<>(List.of(args[++i].split(",")));
                case "--variant" -> {
                    Variant v = parseVariant(args[++i]);
                    variants.put(v.name(), v);
                }
                case "--ours" -> {
                    String kv = args[++i];
                    int eq = kv.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--ours takes KEY=VALUE (a provider-s3 config key), got '" + kv + "'");
                    }
                    ours.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "--many-count" -> manyCount = Integer.parseInt(args[++i]);
                case "--many-mb" -> manyBytes = Long.parseLong(args[++i]) * 1_000_000L;
                case "--many-spread-ms" -> spread = Long.parseLong(args[++i]);
                case "--many-heap" -> manyHeap = args[++i];
                case "--resume-mib" -> resumeBytes = Long.parseLong(args[++i]) * MIB;
                case "--hotpath-events" -> hotPathEvents = Integer.parseInt(args[++i]);
                case "--recovery-markers" -> recoveryMarkers = Integer.parseInt(args[++i]);
                case "--skip" -> skip.addAll(List.of(args[++i].split(",")));
                case "--work" -> work = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--client-cp" -> clientCp = readClasspath(args[++i]);
                case "--server-cp" -> serverCp = readClasspath(args[++i]);
                case "--report-name" -> reportName = args[++i];
                case "--profile" -> profile.addAll(List.of(args[++i].split(",")));
                case "--syscalls" -> syscalls.addAll(List.of(args[++i].split(",")));
                case "--source" -> source = args[++i];
                default -> throw new IllegalArgumentException("unknown flag '" + a + "'; see benchmarks/README.md for the flags");
            }
        }
        for (String t : tools) {
            if (!ALL_TOOLS.contains(t)) {
                throw new IllegalArgumentException("--tools: unknown tool '" + t + "'; known: " + ALL_TOOLS);
            }
        }
        for (String phase : skip) {
            if (!phase.isEmpty() && !PHASES.contains(phase)) {
                throw new IllegalArgumentException("--skip: unknown phase '" + phase + "'; known: " + PHASES);
            }
        }
        if (clientCp == null || serverCp == null) {
            throw new IllegalArgumentException("--client-cp and --server-cp are required (files written by the benchmarks"
                    + " build: benchmarks/target/classpath-client.txt and classpath-server.txt; run.sh passes them)");
        }
        if (smoke) {
            // The smoke resume file (24 MiB) must go in parts, whatever the provider's defaults are.
            ours.putIfAbsent("partSize", "5MiB");
            ours.putIfAbsent("multipartThreshold", "5MiB");
        }
        if (resumeBytes < 0) {
            resumeBytes = smoke ? 24 * MIB : size;
        }
        return new BenchOptions(size, runs, warmups, List.copyOf(tools), variants, ours, manyCount, manyBytes, spread,
                manyHeap, resumeBytes, hotPathEvents, recoveryMarkers, skip, work.toAbsolutePath(), out.toAbsolutePath(), clientCp, serverCp, smoke, reportName,
                List.copyOf(profile), List.copyOf(syscalls), source, String.join(" ", args).replaceAll("--(client|server)-cp \\S+ ?", "")
                        .replaceAll("--(work|out) \\S+ ?", "").trim());
    }

    private static Variant parseVariant(String spec) {
        // name=base:k=v,k=v
        int eq = spec.indexOf('=');
        int colon = spec.indexOf(':');
        if (eq < 1) {
            throw new IllegalArgumentException("--variant takes NAME=ours|provider|sdk[:KEY=VALUE,...], got '" + spec + "'");
        }
        String name = spec.substring(0, eq);
        String base = colon < 0 ? spec.substring(eq + 1) : spec.substring(eq + 1, colon);
        if (!List.of("ours", "provider", "sdk").contains(base)) {
            throw new IllegalArgumentException("--variant " + name + ": base must be ours, provider or sdk, got '" + base + "'");
        }
        Map<String, String> config = new LinkedHashMap<>();
        if (colon > 0) {
            for (String kv : spec.substring(colon + 1).split(",")) {
                int e = kv.indexOf('=');
                config.put(kv.substring(0, e), kv.substring(e + 1));
            }
        }
        return new Variant(name, base, config);
    }

    /** A classpath given directly, or {@code @file} naming a file that holds one. */
    private static String readClasspath(String arg) throws java.io.IOException {
        return arg.startsWith("@") ? Files.readString(Path.of(arg.substring(1))).trim() : arg;
    }

    /** The rows of the large-file table in the order of run 1; variants follow their base. */
    List<String> rows() {
        List<String> r = new ArrayList<>(tools);
        r.addAll(variants.keySet());
        return r;
    }
}
