package org.s3upload.examples.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs DemoMain in a child JVM (as a user runs the JAR) in a working directory, and keeps what it printed. */
final class DemoProcess {
    private static final long TIMEOUT_SECONDS = 180;

    final int exitCode;
    final String out;
    final String err;

    private DemoProcess(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static DemoProcess run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, Map.of(), args);
    }

    /** With {@code env} added to the child's environment. */
    static DemoProcess run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("test.java.home", System.getProperty("java.home")), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp, DemoMain.class.getName()));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(workDir.getParent(), "demo-out", ".txt");
        Path stderr = Files.createTempFile(workDir.getParent(), "demo-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the demo did not end within " + TIMEOUT_SECONDS + " s; it printed:\n"
                    + Files.readString(stdout) + "\n" + Files.readString(stderr));
        }
        DemoProcess r = new DemoProcess(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        Files.delete(stdout);
        Files.delete(stderr);
        return r;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
