package org.s3upload.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy 4.0.0 as its own JVM on 127.0.0.1 with a filesystem blob store, so that the server's CPU
 * is not charged to the client being measured (and vice versa, as far as two cores allow).
 */
public final class S3ProxyServer implements AutoCloseable {
    private static final String ACCESS_KEY = "bench-access-key";
    private static final String SECRET_KEY = "bench-secret-key";

    private final Process process;
    private final S3Endpoint endpoint;
    private final Path dataDir;
    private final long readyMillis;

    private S3ProxyServer(Process process, S3Endpoint endpoint, Path dataDir, long readyMillis) {
        this.process = process;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
        this.readyMillis = readyMillis;
    }

    /**
     * Starts the server with {@code classpath} (which must hold s3proxy and its dependencies) and waits
     * until it answers HTTP; creates {@code bucket}.
     */
    public static S3ProxyServer start(String classpath, Path workDir, String bucket) throws IOException, InterruptedException {
        Path dataDir = workDir.resolve("s3proxy-data");
        if (Files.exists(dataDir)) {
            // A fresh store each time, so leftovers of an interrupted run are not counted against this one.
            try (var walk = Files.walk(dataDir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dataDir);
        int port = freeLoopbackPort();
        String url = "http://127.0.0.1:" + port;
        Path conf = workDir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=" + url,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dataDir.toAbsolutePath(),
                ""));
        Path logback = workDir.resolve("s3proxy-logback.xml");
        try (InputStream in = S3ProxyServer.class.getResourceAsStream("/s3proxy-logback.xml")) {
            Files.copy(in, logback, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Jvm.javaExecutable());
        cmd.add("-Xmx1g");
        cmd.add("-Dlogback.configurationFile=" + logback.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("org.gaul.s3proxy.Main");
        cmd.add("--properties");
        cmd.add(conf.toAbsolutePath().toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(workDir.resolve("s3proxy.out").toFile())
                .redirectError(workDir.resolve("s3proxy.err").toFile())
                .start();
        S3Endpoint endpoint = new S3Endpoint(url, ACCESS_KEY, SECRET_KEY, bucket);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!answers(url)) {
                if (!p.isAlive()) {
                    throw new IOException("S3Proxy exited with code " + p.exitValue() + " before answering on " + url
                            + "; see " + workDir.resolve("s3proxy.err") + " (a missing jackson-annotations 2.22 pin or"
                            + " a classpath without s3proxy are the usual causes)");
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("S3Proxy did not answer on " + url + " within 60 s; see " + workDir.resolve("s3proxy.err"));
                }
                Thread.sleep(50);
            }
            long readyMillis = (System.nanoTime() - t0) / 1_000_000;
            var s3 = endpoint.sdkClient("v4");
            try {
                if (!s3.doesBucketExist(bucket)) {
                    s3.createBucket(bucket);
                }
            } finally {
                s3.shutdown();
            }
            return new S3ProxyServer(p, endpoint, dataDir, readyMillis);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static boolean answers(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url + "/").openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            c.disconnect();
            return code > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public S3Endpoint endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** Milliseconds from process launch to the first HTTP answer. */
    public long readyMillis() {
        return readyMillis;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server: SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
