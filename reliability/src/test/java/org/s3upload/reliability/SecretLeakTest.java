package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.s3upload.provider.s3.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.UploadTargets;
import org.s3upload.wowza.engine.EngineStatus;

/**
 * Runs the whole module against S3Proxy with known secret values — a good run, a run with a wrong
 * secret, and an invalid configuration — and searches everything it could have written for the
 * secrets (plain, Base64, URL-encoded): WMSLogger lines with full stack traces, System.out/err,
 * java.util.logging, exception messages, status snapshots, and every marker file's content as it
 * changed during the run.
 */
class SecretLeakTest {
    private static final String BUCKET = "secrets";
    /** The server's real secret (provider-s3's S3ProxyServer). */
    private static final String GOOD_SECRET = S3ProxyServer.SECRET_KEY;
    private static final String WRONG_SECRET = "wrongSecret+Zq7/Xv9QkLmN3pR5tW8yB2dF4hJ6";
    private static final String ORPHAN_SECRET = "orphanSecret-Hk29sLq0PzX";
    private static final List<String> SECRETS = List.of(GOOD_SECRET, WRONG_SECRET, ORPHAN_SECRET);

    private static S3ProxyServer server;
    private static PrintStream realOut;
    private static PrintStream realErr;
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static final List<String> jul = new ArrayList<>();
    private static Handler julHandler;
    /** Loggers made verbose for the run; held so that java.util.logging does not forget their levels. */
    private static final List<Logger> verbose = new ArrayList<>();
    private static ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> logbackAppender;
    /** The SDK's request logging and httpclient's headers, at DEBUG, whichever backend commons-logging picked. */
    private static final String[] LIBRARY_LOGGERS = {"com.amazonaws", "org.apache.http.headers", "org.apache.http.impl"};

    @TempDir
    Path dir;

    @BeforeAll
    static void captureEverythingThenStartS3() throws Exception {
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(new Tee(realOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(realErr), true, StandardCharsets.UTF_8));
        julHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        sb.append(' ').append(p);
                    }
                }
                if (r.getThrown() != null) {
                    sb.append(' ').append(trace(r.getThrown()));
                }
                synchronized (jul) {
                    jul.add(sb.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julHandler.setLevel(java.util.logging.Level.ALL);
        Logger.getLogger("").addHandler(julHandler);
        for (String name : LIBRARY_LOGGERS) {
            Logger l = Logger.getLogger(name);
            l.setLevel(java.util.logging.Level.ALL);
            verbose.add(l);
        }
        logbackAppender = new ch.qos.logback.core.AppenderBase<>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                StringBuilder sb = new StringBuilder(e.getFormattedMessage());
                if (e.getThrowableProxy() != null) {
                    sb.append(' ').append(ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy()));
                }
                synchronized (jul) {
                    jul.add(sb.toString());
                }
            }
        };
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        logbackAppender.setContext(ctx);
        logbackAppender.start();
        for (String name : LIBRARY_LOGGERS) {
            ch.qos.logback.classic.Logger l = ctx.getLogger(name);
            l.setLevel(ch.qos.logback.classic.Level.DEBUG);
            l.setAdditive(false); // keep the console quiet; this appender sees it all
            l.addAppender(logbackAppender);
        }
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logbackAppender);
        // Started here, not by S3ProxyExtension, so that its start-up is logged into the capture too.
        server = S3ProxyServer.start(BUCKET);
    }

    @AfterAll
    static void restore() throws Exception {
        org.s3upload.wowza.engine.Checkpoints.install(null);
        server.close();
        Logger.getLogger("").removeHandler(julHandler);
        for (Logger l : verbose) {
            l.setLevel(null);
        }
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        for (String name : LIBRARY_LOGGERS) {
            ch.qos.logback.classic.Logger l = ctx.getLogger(name);
            l.detachAppender(logbackAppender);
            l.setLevel(null);
            l.setAdditive(true);
        }
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logbackAppender);
        logbackAppender.stop();
        System.setOut(realOut);
        System.setErr(realErr);
    }

    @Test
    void noSecretReachesAnyOutputOfAGoodAFailingAndAMisconfiguredRun() throws Exception {
        StringBuilder all = new StringBuilder();
        Set<String> markerContents = ConcurrentHashMap.newKeySet();

        // 1. A good run: a single PUT and a multipart upload (its marker holds a resume token).
        Path content = dir.resolve("good");
        try (Host h = s3Host(content, GOOD_SECRET); MarkerWatcher w = new MarkerWatcher(content, markerContents)) {
            Path bigMarker = content.resolve("big.mp4.upload");
            // Deterministic sample of the marker while it holds the multipart upload's token.
            org.s3upload.wowza.engine.Checkpoints.install(point -> {
                if (point.equals("upload:partial")) {
                    try {
                        markerContents.add(Files.readString(bigMarker));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            h.start();
            Path small = h.write("small.mp4", Host.bytes(10_000, 1));
            Path big = h.write("big.mp4", Host.bytes(6 * 1024 * 1024 + 11, 2));
            h.finish(small);
            h.finish(big);
            h.awaitSettled(2, 0);
            org.s3upload.wowza.engine.Checkpoints.install(null);
            all.append(h.status()).append('\n');
            h.module.retryFailed();
            h.stop();
            all.append(h.log).append('\n');
            assertThat(server.read(BUCKET, "big.mp4")).isEqualTo(Files.readAllBytes(big));
        }
        assertThat(markerContents).as("the watcher saw markers with a resume token")
                .anyMatch(m -> m.contains("\"resumeToken\":\"{"));

        // 2. Wrong secret: a permanent failure, FAILED marker with the reason, one ERROR.
        content = dir.resolve("wrong");
        try (Host h = s3Host(content, WRONG_SECRET); MarkerWatcher w = new MarkerWatcher(content, markerContents)) {
            h.set("s3Upload.s3.maxErrorRetry", "0");
            h.start();
            Path rec = h.write("denied.mp4", Host.bytes(5_000, 3));
            h.finish(rec);
            h.awaitSettled(0, 1);
            EngineStatus s = h.status();
            all.append(s).append('\n');
            Path marker = content.resolve("denied.mp4.upload");
            String m = Files.readString(marker);
            markerContents.add(m);
            assertThat(m).contains("\"state\":\"FAILED\"").contains("lastError");
            assertThat(rec).exists();
            h.stop();
            all.append(h.log).append('\n');
            assertThat(h.log.at("ERROR")).hasSize(1);
        }

        // 3. An unusable configuration naming the secret keys (secret without access key, generic and legacy names).
        content = dir.resolve("misconfigured");
        try (Host h = new Host(content)) {
            h.set("s3UploadTarget", "s3").set("s3UploadBucketName", BUCKET).set("s3UploadEndpoint", server.endpoint())
                    .set("s3UploadSecretKey", ORPHAN_SECRET).set("s3Upload.s3.secretKey", ORPHAN_SECRET)
                    .set("s3UploadDebugLog", "true");
            h.start();
            Path rec = h.write("journalled.mp4", Host.bytes(100, 4));
            h.finish(rec);
            org.s3upload.wowza.engine.Await.until("the configuration error is logged", () -> !h.log.at("ERROR").isEmpty(), h::toString);
            all.append(h.status()).append('\n');
            markerContents.add(Files.readString(content.resolve("journalled.mp4.upload")));
            h.stop();
            all.append(h.log).append('\n');
            assertThat(h.log.at("ERROR").get(0)).contains("accessKey");
        }

        // 4. The provider's own exception for the same configuration, with its causes.
        Map<String, String> bad = new HashMap<>();
        bad.put("bucket", BUCKET);
        bad.put("secretKey", ORPHAN_SECRET);
        bad.put("endpoint", "ftp://storage.example");
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> UploadTargets.create(UploadTargets.provider("s3"), bad))
                .satisfies(t -> thrown[0] = t);
        all.append(trace(thrown[0])).append('\n');

        System.out.flush();
        System.err.flush();
        all.append(console.toString(StandardCharsets.UTF_8)).append('\n');
        synchronized (jul) {
            all.append(String.join("\n", jul)).append('\n');
        }
        for (String m : markerContents) {
            all.append(m).append('\n');
        }
        String everything = all.toString();
        assertThat(everything).as("the capture holds the runs' output").contains("uploaded ").contains("denied.mp4")
                .contains("configuration is not usable");
        synchronized (jul) {
            assertThat(String.join("\n", jul)).as("the SDK's signed request headers were captured and searched too")
                    .contains("Authorization");
        }
        for (String secret : SECRETS) {
            for (String form : forms(secret)) {
                assertThat(everything).as("secret form '%s' must appear nowhere", form).doesNotContain(form);
            }
        }
    }

    private Host s3Host(Path content, String secret) throws IOException {
        Host h = new Host(content);
        h.set("s3UploadTarget", "s3")
                .set("s3UploadBucketName", BUCKET)
                .set("s3UploadEndpoint", server.endpoint())
                .set("s3UploadPathStyleAccess", "true")
                .set("s3UploadAccessKey", S3ProxyServer.ACCESS_KEY)
                .set("s3UploadSecretKey", secret)
                .set("s3Upload.s3.partSize", "5MiB")
                .set("s3Upload.s3.multipartThreshold", "5MiB")
                .set("s3UploadDebugLog", "true")
                .set("s3UploadStatusInterval", "20");
        return h;
    }

    private static List<String> forms(String secret) {
        byte[] b = secret.getBytes(StandardCharsets.UTF_8);
        return List.of(secret,
                Base64.getEncoder().encodeToString(b),
                Base64.getUrlEncoder().withoutPadding().encodeToString(b),
                Base64.getMimeEncoder().encodeToString(b),
                URLEncoder.encode(secret, StandardCharsets.UTF_8),
                // a secret cut to its first 12 characters still identifies it
                secret.substring(0, 12));
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Copies console output to the real stream and keeps it. */
    private static final class Tee extends OutputStream {
        private final PrintStream real;

        Tee(PrintStream real) {
            this.real = real;
        }

        @Override
        public void write(int b) {
            synchronized (console) {
                console.write(b);
            }
            real.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (console) {
                console.write(b, off, len);
            }
            real.write(b, off, len);
        }
    }

    /** Reads every file under a directory every few milliseconds, keeping each distinct content. */
    static final class MarkerWatcher implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;

        MarkerWatcher(Path root, Set<String> out) {
            thread = new Thread(() -> {
                while (running) {
                    try (Stream<Path> s = Files.walk(root)) {
                        s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".mp4"))
                                .forEach(p -> {
                                    try {
                                        out.add(Files.readString(p));
                                    } catch (IOException | RuntimeException e) {
                                        // renamed or deleted meanwhile
                                    }
                                });
                    } catch (IOException | RuntimeException e) {
                        // the tree changed under the walk
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "marker-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
