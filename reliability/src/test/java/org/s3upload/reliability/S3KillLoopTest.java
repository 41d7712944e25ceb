package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.S3ProxyServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.wowza.engine.Await;

/**
 * The SIGKILL loop with the s3 provider (fewer, larger iterations: multipart recordings of
 * 6–11 MiB in 5 MiB parts): a child JVM is killed at seeded checkpoints, then the module starts
 * again in this JVM. Every recording is in the bucket exactly once with identical bytes, and no
 * multipart upload is left behind (a crash between initiation and the token's journalling leaves
 * one that only recovery can find).
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class S3KillLoopTest {
    private static final long SEED = 7_2026_1126L;
    private static final int ITERATIONS = 6;
    private static final String[] POINTS = {
        "upload:partial@1", "atomic-write:partial@3", "atomic-write:before-rename@2", "upload:verified@1",
        "upload:local-deleted@1", "upload:partial@2"
    };
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets().adminWithoutRetries();

    @TempDir
    Path dir;

    @Test
    void multipartRecordingsSurviveKillsAndAreUploadedExactlyOnce() throws Exception {
        Random random = new Random(SEED);
        Map<String, Integer> killsAt = new TreeMap<>();
        int notReached = 0;
        int resumed = 0;
        long bytes = 0;
        List<String> order = new ArrayList<>(List.of(POINTS));
        java.util.Collections.shuffle(order, random);
        for (int it = 0; it < ITERATIONS; it++) {
            String bucket = "kill-" + it;
            S3.server().admin().createBucket(bucket);
            Path root = Files.createDirectories(dir.resolve("it" + it));
            Path content = Files.createDirectories(root.resolve("content"));
            Map<String, byte[]> expected = new LinkedHashMap<>();
            int[] sizes = {(6 << 20) + random.nextInt(5 << 20), 1 + random.nextInt(100_000)};
            for (int r = 0; r < sizes.length; r++) {
                byte[] data = new byte[sizes[r]];
                random.nextBytes(data);
                String name = "cam" + r + ".mp4";
                Files.write(content.resolve(name), data);
                expected.put(name, data);
                bytes += data.length;
            }
            String point = order.get(it);
            List<String> settings = List.of("-Dcrash.prop.s3UploadTarget=s3", "-Dcrash.prop.s3UploadBucketName=" + bucket,
                    "-Dcrash.prop.s3UploadEndpoint=http://127.0.0.1:" + S3.server().port(),
                    "-Dcrash.prop.s3UploadPathStyleAccess=true",
                    "-Dcrash.prop.s3UploadAccessKey=" + S3ProxyServer.ACCESS_KEY,
                    "-Dcrash.prop.s3UploadSecretKey=" + S3ProxyServer.SECRET_KEY,
                    "-Dcrash.prop.s3Upload.s3.partSize=5MiB", "-Dcrash.prop.s3Upload.s3.multipartThreshold=5MiB",
                    "-Dcrash.prop.s3Upload.s3.uploadThreads=2");
            String line = KillLoopTest.runAndKill(root, content, point, String.join(",", expected.keySet()), settings);
            if (line.startsWith("PAUSED")) {
                killsAt.merge(point, 1, Integer::sum);
            } else {
                notReached++;
            }
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                if (!Files.exists(content.resolve(e.getKey()))) {
                    assertThat(S3.server().read(bucket, e.getKey())).as("iteration " + it + ": " + e.getKey()
                            + " deleted locally, so uploaded").isEqualTo(e.getValue());
                }
            }
            String log;
            try (Host h = new Host(content)) {
                h.set("s3UploadTarget", "s3").set("s3UploadBucketName", bucket)
                        .set("s3UploadEndpoint", "http://127.0.0.1:" + S3.server().port()).set("s3UploadPathStyleAccess", "true")
                        .set("s3UploadAccessKey", S3ProxyServer.ACCESS_KEY).set("s3UploadSecretKey", S3ProxyServer.SECRET_KEY)
                        .set("s3Upload.s3.partSize", "5MiB").set("s3Upload.s3.multipartThreshold", "5MiB")
                        .set("s3UploadDeleteOriginalFiles", "true").set("s3UploadVersionFile", "true").start();
                final int iteration = it;
                Await.until("iteration " + it + " is uploaded", () -> {
                    try {
                        return h.status() != null && h.status().targetReady() && h.status().idle() && h.markers().isEmpty();
                    } catch (Exception e) {
                        return false;
                    }
                }, () -> "iteration " + iteration + " " + point + "\n" + h.log + "\n" + KillLoopTest.childLogs(root));
                log = h.log.toString();
                assertThat(h.log.at("ERROR")).isEmpty();
            }
            resumed += (int) log.lines().filter(l -> l.contains("resuming ")).count();
            List<String> keys = S3.server().admin().listObjects(bucket).getObjectSummaries().stream()
                    .map(S3ObjectSummary::getKey).collect(Collectors.toList());
            assertThat(keys).as("iteration %d (%s): each recording exactly once\n%s", it, point, log)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertThat(S3.server().read(bucket, e.getKey())).as("iteration " + it + " " + e.getKey()).isEqualTo(e.getValue());
                assertThat(content.resolve(e.getKey())).doesNotExist();
            }
            assertThat(S3.server().admin().listMultipartUploads(new ListMultipartUploadsRequest(bucket)).getMultipartUploads())
                    .as("iteration %d (%s): no multipart upload left behind\n%s", it, point, log).isEmpty();
        }
        String counts = "seed " + SEED + ": " + ITERATIONS + " iterations, " + (2 * ITERATIONS) + " recordings (" + bytes
                + " bytes), kills " + killsAt + ", point not reached " + notReached + ", resumed uploads in the final start "
                + resumed;
        System.out.println(counts);
        Files.writeString(Paths.get("target", "s3-kill-loop.txt"), counts + "\n");
        assertThat(killsAt.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(ITERATIONS / 2);
    }
}
