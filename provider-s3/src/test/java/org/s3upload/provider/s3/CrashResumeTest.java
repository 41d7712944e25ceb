package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;
import org.s3upload.internal.Json;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

import com.amazonaws.services.s3.model.ListPartsRequest;
import com.amazonaws.services.s3.model.PartSummary;

/**
 * A child JVM uploads a file through a throttling loopback proxy and is killed with SIGKILL once
 * the server holds some parts; the upload is then resumed here from the token the child persisted.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CrashResumeTest {
    private static final String BUCKET = "crash";
    private static final long MIB = 1L << 20;
    private static final long PART = 5 * MIB;
    private static final int THREADS = 2;

    @TempDir
    Path dir;

    @Test
    void resumesAfterSigkillSendingOnlyWhatWasMissing() throws Exception {
        long size = 16 * PART + 12345;
        Path file = TestFiles.random(dir, "crash.mp4", size, 42);
        String md5 = Checksums.md5Hex(file);
        Path tokenFile = dir.resolve("token.json");
        String key = "crash/crash.mp4";
        try (S3ProxyServer server = S3ProxyServer.start(BUCKET); FaultyTcpProxy slow = new FaultyTcpProxy(server.port)) {
            slow.bytesPerSecond = 4 * MIB; // per connection: the child needs seconds, not milliseconds
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path log = dir.resolve("child.log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", cp, CrashChild.class.getName(), slow.endpoint(), BUCKET, file.toString(), key,
                    tokenFile.toString(), String.valueOf(PART), String.valueOf(THREADS)));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int storedBeforeKill = 0;
            String uploadId = null;
            long deadline = System.currentTimeMillis() + 120_000;
            try {
                while (System.currentTimeMillis() < deadline && child.isAlive()) {
                    if (uploadId == null && Files.exists(tokenFile)) {
                        uploadId = (String) Json.parseObject(Files.readString(tokenFile)).get("uploadId");
                    }
                    if (uploadId != null) {
                        storedBeforeKill = server.admin.listParts(new ListPartsRequest(BUCKET, key, uploadId)).getParts().size();
                        if (storedBeforeKill >= 3) {
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
                assertThat(child.isAlive()).as("child still uploading (log: %s)", readQuietly(log)).isTrue();
                assertThat(storedBeforeKill).isGreaterThanOrEqualTo(3);
            } finally {
                child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no pause
                child.waitFor(30, TimeUnit.SECONDS);
                // The proxy still holds bytes the child sent before it died and would go on forwarding
                // them, completing a part after the count below: cut every connection first.
                slow.close();
            }
            long storedAfterKill = settledStoredBytes(server, key, uploadId);

            Map<String, String> c = server.config(BUCKET);
            try (UploadTarget t = new S3UploadTargetProvider().create(c)) {
                String token = Files.readString(tokenFile);
                UploadResult r = t.resume(token, UploadRequest.builder(file, key).build(), UploadListener.NONE)
                        .await(120, TimeUnit.SECONDS);
                assertThat(r.checksum()).isEqualTo(Checksums.of(file, r.checksum()));
                assertThat(server.md5(BUCKET, key)).as("the stored object is identical").isEqualTo(md5);
                assertThat(server.admin.getObjectMetadata(BUCKET, key).getContentLength()).isEqualTo(size);
                long missingAtLastLook = size - storedBeforeKill * PART;
                assertThat(r.bytesSent()).as("re-sent at most the parts in flight + 1")
                        .isLessThanOrEqualTo(missingAtLastLook + (THREADS + 1) * PART);
                assertThat(r.bytesSent()).as("only the parts missing after the kill").isEqualTo(size - storedAfterKill);
                assertThat(t.listIncomplete("crash/")).isEmpty();
                String line = String.format("crash test: %d of %d parts stored at the kill (%d seen just before); resume sent "
                        + "%d bytes = %.2f parts, exactly the missing ones; re-sent: at most the %d parts in flight at the "
                        + "kill (bound (%d+1) x 5 MiB)%n", storedAfterKill / PART, PartSizes.partCount(size, PART),
                        storedBeforeKill, r.bytesSent(), r.bytesSent() / (double) PART, THREADS, THREADS);
                System.out.print(line);
                Files.writeString(Path.of("target", "s3-measurements.txt"), line, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        }
    }

    /** Bytes in stored parts, once two listings 200 ms apart agree (a part cut mid-body is never stored). */
    private static long settledStoredBytes(S3ProxyServer server, String key, String uploadId) throws InterruptedException {
        long previous = -1;
        while (true) {
            long stored = 0;
            for (PartSummary p : server.admin.listParts(new ListPartsRequest(BUCKET, key, uploadId)).getParts()) {
                stored += p.getSize();
            }
            if (stored == previous) {
                return stored;
            }
            previous = stored;
            Thread.sleep(200);
        }
    }

    private static String readQuietly(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
