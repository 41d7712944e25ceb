package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.S3ProxyServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.s3upload.provider.s3.S3Fixtures;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.engine.Checkpoints;

/**
 * The whole module with the s3 provider against S3Proxy, through loopback fault proxies: cut and
 * stalled connections, throttled uploads, S3 error answers for a while, the server stopped and
 * restarted mid-upload, the bucket deleted and the credentials revoked mid-run. Every recording
 * ends up remotely with identical bytes once the fault clears; no local file is deleted before its
 * object exists; no marker is lost.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class S3FaultTest {
    private static final long MIB = 1L << 20;
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets().adminWithoutRetries();
    private static S3ProxyServer server;
    private static int bucketNumber;

    @TempDir
    Path dir;
    private String bucket;
    private final List<String> deletedEarly = new CopyOnWriteArrayList<>();
    private Thread watcher;
    private final AtomicBoolean watching = new AtomicBoolean();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3.server();
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        Checkpoints.install(null);
        watching.set(false);
        if (watcher != null) {
            watcher.join(5_000);
        }
    }

    private String newBucket() throws Exception {
        server.ensureRunning(); // one failed test must not fail the rest of the class
        bucket = "faults-" + (++bucketNumber);
        server.admin().createBucket(bucket);
        return bucket;
    }

    private Host s3Host(String endpoint) throws IOException {
        Host h = new Host(dir.resolve("content"));
        h.set("s3UploadTarget", "s3").set("s3UploadBucketName", bucket).set("s3UploadEndpoint", endpoint)
                .set("s3UploadPathStyleAccess", "true").set("s3UploadAccessKey", S3ProxyServer.ACCESS_KEY)
                .set("s3UploadSecretKey", S3ProxyServer.SECRET_KEY).set("s3UploadDeleteOriginalFiles", "true")
                .set("s3Upload.s3.partSize", "5MiB").set("s3Upload.s3.multipartThreshold", "5MiB")
                .set("s3Upload.s3.uploadThreads", "2").set("s3Upload.s3.socketTimeoutMs", "1500")
                .set("s3Upload.s3.maxErrorRetry", "0");
        return h;
    }

    /** Writes the recordings and reports them finished. */
    private Map<String, byte[]> record(Host h, Map<String, Integer> sizes) throws Exception {
        Map<String, byte[]> data = new LinkedHashMap<>();
        int seed = 0;
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            data.put(e.getKey(), Host.bytes(e.getValue(), seed++));
            h.write(e.getKey(), data.get(e.getKey()));
        }
        watchForEarlyDeletes(h.content, data.keySet());
        for (String name : data.keySet()) {
            h.finish(h.content.resolve(name));
        }
        return data;
    }

    /**
     * Whenever a recording is missing locally, its object must already be in the bucket (asked
     * directly, not through the faults). Local-missing is seen first and objects never vanish, so
     * a hit is a real early delete.
     */
    private void watchForEarlyDeletes(Path content, Iterable<String> names) {
        watching.set(true);
        watcher = new Thread(() -> {
            while (watching.get()) {
                for (String n : names) {
                    if (!Files.exists(content.resolve(n))) {
                        try {
                            if (!server.exists(bucket, n)) {
                                deletedEarly.add(n);
                            }
                        } catch (RuntimeException e) {
                            // the server is down right now: no verdict
                        }
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "early-delete-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void assertAllUploaded(Host h, Map<String, byte[]> data) throws Exception {
        h.awaitSettled(data.size(), 0);
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            assertThat(server.read(bucket, e.getKey())).as(e.getKey() + " identical remotely").isEqualTo(e.getValue());
            assertThat(h.content.resolve(e.getKey())).as(e.getKey() + " deleted after verification").doesNotExist();
        }
        assertThat(h.markers()).as("no marker left, none quarantined").isEmpty();
        assertThat(deletedEarly).as("local files deleted before their object existed").isEmpty();
        assertThat(server.admin().listMultipartUploads(new com.amazonaws.services.s3.model.ListMultipartUploadsRequest(bucket))
                .getMultipartUploads()).as("no partial upload left").isEmpty();
    }

    @Test
    void cutAndStalledConnectionsMidPartAndAThrottledLink() throws Exception {
        newBucket();
        try (S3Fixtures.Faults faults = new S3Fixtures.Faults(server.port());
             Host h = s3Host(faults.endpoint())) {
            faults.cutAfter(2 * MIB, 2).stallAfter(2 * MIB, 1).throttle(16 * MIB);
            h.start();
            Map<String, byte[]> data = record(h, Map.of("cam1.mp4", (int) (11 * MIB + 3), "cam2.mp4", (int) (6 * MIB),
                    "small.flv", 10_000));
            assertAllUploaded(h, data);
            assertThat(faults.injected()).isEqualTo(3);
            assertThat(h.log.at("WARN")).as("the faults were seen and retried").isNotEmpty();
            assertThat(h.log.at("ERROR")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"503, SlowDown", "500, InternalError"})
    void serverErrorsForAWhile(int status, String code) throws Exception {
        newBucket();
        try (HttpFaultProxy proxy = new HttpFaultProxy(server.port()); Host h = s3Host(proxy.endpoint())) {
            h.set("s3Upload.s3.maxErrorRetry", "1");
            proxy.failNext(8, status, code);
            h.start();
            Map<String, byte[]> data = record(h, Map.of("a.mp4", (int) (6 * MIB), "b.mp4", 20_000));
            assertAllUploaded(h, data);
            assertThat(proxy.errorsSent.get()).isEqualTo(8);
            assertThat(h.log.at("WARN")).as("retried with backoff").anyMatch(l -> l.contains("retrying in"));
            assertThat(h.log.at("ERROR")).isEmpty();
        }
    }

    @Test
    void slowResponsesBelowAndPastTheSocketTimeout() throws Exception {
        newBucket();
        try (HttpFaultProxy proxy = new HttpFaultProxy(server.port()); Host h = s3Host(proxy.endpoint())) {
            proxy.responseDelayMillis = 2_500; // past socketTimeoutMs=1500: every request times out
            h.start();
            Map<String, byte[]> data = record(h, Map.of("slow.mp4", (int) (6 * MIB), "tiny.mp4", 100));
            Await.until("a timeout is reported and retried", () -> h.log.at("WARN").stream()
                    .anyMatch(l -> l.contains("retrying in")), h.log::toString);
            proxy.responseDelayMillis = 300; // slow, but within the timeout
            assertAllUploaded(h, data);
            assertThat(h.log.at("ERROR")).isEmpty();
        }
    }

    @Test
    void serverStoppedAndRestartedMidUpload() throws Exception {
        newBucket();
        try (HttpFaultProxy proxy = new HttpFaultProxy(server.port()); Host h = s3Host(proxy.endpoint())) {
            AtomicBoolean restarting = new AtomicBoolean();
            CountDownLatch restarted = new CountDownLatch(1);
            AtomicReference<Exception> restartFailure = new AtomicReference<>();
            Checkpoints.install(point -> {
                if (point.equals("upload:partial") && restarting.compareAndSet(false, true)) {
                    Thread t = new Thread(() -> {
                        try {
                            // Connections first: the server's stop then has no request in flight to wait for.
                            proxy.refusing = true;
                            proxy.dropConnections();
                            server.stop();
                            proxy.dropConnections();
                            Thread.sleep(1_500);
                            server.ensureRunning();
                            proxy.targetPort = server.port();
                            proxy.refusing = false;
                        } catch (Exception e) {
                            restartFailure.set(e);
                        } finally {
                            restarted.countDown();
                        }
                    }, "restart-s3");
                    t.start();
                }
            });
            h.start();
            Map<String, byte[]> data = record(h, Map.of("long.mp4", (int) (16 * MIB + 5), "short.mp4", 30_000));
            assertThat(restarted.await(60, TimeUnit.SECONDS)).as("the server was stopped and started again").isTrue();
            assertThat(restartFailure.get()).as("restarting the server").isNull();
            assertAllUploaded(h, data);
            assertThat(h.log.at("ERROR")).isEmpty();
        }
    }

    @Test
    void oddNamesAndEmptyRecordingsReachS3Intact() throws Exception {
        newBucket();
        try (Host h = s3Host("http://127.0.0.1:" + server.port())) {
            h.start();
            Map<String, Integer> sizes = new LinkedHashMap<>();
            sizes.put("with space.mp4", 1000);
            sizes.put("ünïcødé/日本語 ライブ.mp4", 2000);
            sizes.put("a..b.mp4", 3000);
            sizes.put("plus+and&equals=percent%.mp4", 4000);
            sizes.put("empty.mp4", 0);
            Map<String, byte[]> data = record(h, sizes);
            assertAllUploaded(h, data);
            assertThat(server.admin().listObjects(bucket).getObjectSummaries()).extracting(S3ObjectSummary::getKey)
                    .containsExactlyInAnyOrderElementsOf(sizes.keySet());
        }
    }

    @Test
    void bucketDeletedMidRunFailsPermanentlyOnceEachThenUploadsAfterTheFix() throws Exception {
        newBucket();
        try (Host h = s3Host("http://127.0.0.1:" + server.port())) {
            h.start();
            Map<String, byte[]> first = record(h, Map.of("before.mp4", 1000));
            h.awaitSettled(1, 0);
            stopWatching();
            server.admin().deleteObject(bucket, "before.mp4");
            server.admin().deleteBucket(bucket);
            Map<String, byte[]> data = new LinkedHashMap<>(Map.of("x.mp4", 5000, "y.mp4", 6000).entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Host.bytes(e.getValue(), e.getKey().hashCode()))));
            for (Map.Entry<String, byte[]> e : data.entrySet()) {
                h.write(e.getKey(), e.getValue());
                h.finish(h.content.resolve(e.getKey()));
            }
            assertPermanentFailureOnceEach(h, data);
            server.admin().createBucket(bucket);
            watchForEarlyDeletes(h.content, data.keySet());
            h.module.retryFailed();
            assertAllUploaded(h, data);
            assertThat(first).isNotEmpty();
        }
    }

    @Test
    void credentialsRevokedMidRunFailPermanentlyOnceEachThenUploadAfterTheFix() throws Exception {
        newBucket();
        try (HttpFaultProxy proxy = new HttpFaultProxy(server.port()); Host h = s3Host(proxy.endpoint())) {
            h.start();
            record(h, Map.of("before.mp4", 1000));
            h.awaitSettled(1, 0);
            stopWatching();
            server.stop();
            server.restart("someone-else", "another-secret-entirely"); // the module's key no longer exists
            proxy.dropConnections();
            proxy.targetPort = server.port();
            Map<String, byte[]> data = new LinkedHashMap<>();
            data.put("x.mp4", Host.bytes(5000, 1));
            data.put("y.mp4", Host.bytes(6000, 2));
            for (Map.Entry<String, byte[]> e : data.entrySet()) {
                h.write(e.getKey(), e.getValue());
                h.finish(h.content.resolve(e.getKey()));
            }
            assertPermanentFailureOnceEach(h, data);
            server.stop();
            server.ensureRunning(); // the operator restores the key
            proxy.dropConnections();
            proxy.targetPort = server.port();
            watchForEarlyDeletes(h.content, data.keySet());
            h.module.retryFailed();
            assertAllUploaded(h, data);
        }
    }

    private void stopWatching() throws InterruptedException {
        watching.set(false);
        watcher.join(5_000);
    }

    private void assertPermanentFailureOnceEach(Host h, Map<String, byte[]> data) throws Exception {
        h.awaitSettled(0, data.size());
        for (String name : data.keySet()) {
            String marker = Files.readString(h.content.resolve(name + ".upload"));
            assertThat(marker).as(name).contains("\"state\":\"FAILED\"").contains("\"lastError\":\"");
            assertThat(h.content.resolve(name)).exists();
            assertThat(h.log.count("ERROR", name)).as("one ERROR for " + name).isEqualTo(1);
        }
        long attempts = h.log.lines().stream().filter(l -> l.contains("uploading ")).count();
        Thread.sleep(1_000); // a hot loop would add attempts and ERRORs now
        assertThat(h.log.lines().stream().filter(l -> l.contains("uploading ")).count()).isEqualTo(attempts);
        for (String name : data.keySet()) {
            assertThat(h.log.count("ERROR", name)).isEqualTo(1);
        }
    }
}
