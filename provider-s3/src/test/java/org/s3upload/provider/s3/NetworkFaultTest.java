package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

/** Connections cut mid-part and stalled past the socket timeout, by a loopback faulty.proxy(). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NetworkFaultTest {
    private static final String BUCKET = "faults";
    private static final long MIB = 1L << 20;
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    @RegisterExtension
    final ProxyInFront<FaultyTcpProxy> faulty = ProxyInFront.faultyTcp(S3);

    @TempDir
    Path dir;

    private Map<String, String> config(int retries) {
        Map<String, String> c = S3.server().config(BUCKET);
        c.put("endpoint", faulty.proxy().endpoint());
        c.put("socketTimeoutMs", "1500");
        c.put("maxErrorRetry", String.valueOf(retries));
        c.put("uploadThreads", "2");
        return c;
    }

    @Test
    void uploadCompletesThroughACutAndAStallRetriedByTheSdk() throws Exception {
        faulty.proxy().faultAfterBytes = 2 * MIB; // mid-part: parts are 5 MiB
        faulty.proxy().cutsLeft.set(1);
        faulty.proxy().stallsLeft.set(1);
        Path f = TestFiles.random(dir, "retried.mp4", 3 * 5 * MIB + 99, 1);
        try (UploadTarget t = new S3UploadTargetProvider().create(config(3))) {
            UploadResult r = t.start(UploadRequest.builder(f, "faults/retried.mp4").build(), UploadListener.NONE)
                    .await(120, TimeUnit.SECONDS);
            assertThat(faulty.proxy().faultsInjected.get()).isEqualTo(2);
            assertThat(r.checksum()).as("proven by the bytes of the file").isEqualTo(Checksums.of(f, r.checksum()));
            assertThat(r.bytesSent()).as("each byte counted once, retries included").isEqualTo(r.size());
            assertThat(S3.server().md5(BUCKET, "faults/retried.mp4")).isEqualTo(Checksums.md5Hex(f));
        }
    }

    @Test
    void stallWithoutRetriesFailsRetryableWithResumableState() throws Exception {
        faulty.proxy().faultAfterBytes = 2 * MIB;
        faulty.proxy().stallsLeft.set(1_000);
        Path f = TestFiles.random(dir, "stalled.mp4", 3 * 5 * MIB + 99, 2);
        AtomicReference<String> token = new AtomicReference<>();
        UploadRequest req = UploadRequest.builder(f, "faults/stalled.mp4").build();
        try (UploadTarget t = new S3UploadTargetProvider().create(config(0))) {
            Upload u = t.start(req, new UploadListener() {
                @Override
                public void onResumeToken(String tk) {
                    token.set(tk);
                }
            });
            UploadException e = assertThrows(UploadException.class, () -> u.await(60, TimeUnit.SECONDS));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.RETRYABLE);
            assertThat(e.getMessage()).contains("s3://faults/faults/stalled.mp4");
            assertThat(token.get()).as("the multipart upload was initiated and its token published").isNotNull();
            assertThat(u.resumeToken()).contains(token.get());
            assertThat(t.listIncomplete("faults/stalled")).as("the partial upload is kept for a resume").hasSize(1);

        }
        faulty.proxy().stallsLeft.set(0); // the network heals; resume as after a restart, with default timeouts
        Map<String, String> healed = S3.server().config(BUCKET);
        healed.put("endpoint", faulty.proxy().endpoint());
        try (UploadTarget t = new S3UploadTargetProvider().create(healed)) {
            UploadResult r = t.resume(token.get(), req, UploadListener.NONE).await(60, TimeUnit.SECONDS);
            assertThat(r.checksum()).as("proven by the bytes of the file").isEqualTo(Checksums.of(f, r.checksum()));
            assertThat(r.bytesSent()).isLessThanOrEqualTo(r.size());
            assertThat(S3.server().md5(BUCKET, "faults/stalled.mp4")).isEqualTo(Checksums.md5Hex(f));
            assertThat(t.listIncomplete("faults/")).isEmpty();
        }
    }

    @Test
    void pauseOfASinglePutStopsItAndLeavesNothing() throws Exception {
        faulty.proxy().bytesPerSecond = 1 << 20; // 8 MiB below the 16 MiB threshold: one PUT taking seconds
        Map<String, String> c = config(3);
        c.remove("partSize");
        c.remove("multipartThreshold");
        Path f = TestFiles.random(dir, "single.mp4", 8 * MIB, 4);
        try (UploadTarget t = new S3UploadTargetProvider().create(c)) {
            Upload u = t.start(UploadRequest.builder(f, "faults/single.mp4").build(), UploadListener.NONE);
            long deadline = System.currentTimeMillis() + 30_000;
            while (u.progress().bytesSent() < MIB && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(u.progress().bytesSent()).as("the PUT is under way").isGreaterThanOrEqualTo(MIB);
            assertThat(u.pause()).as("a single PUT has nothing to resume from").isEmpty();
            assertThrows(java.util.concurrent.CancellationException.class, () -> u.await(30, TimeUnit.SECONDS));
            assertThat(u.resumeToken()).isEmpty();
            assertThat(t.stat("faults/single.mp4")).isEmpty();
            assertThat(t.listIncomplete("faults/single")).isEmpty();
        }
    }

    @Test
    void closeIsBoundedEvenWhenPartsHangAndTheTokenStaysValid() throws Exception {
        faulty.proxy().faultAfterBytes = 2 * MIB;
        faulty.proxy().stallsLeft.set(1_000);
        Map<String, String> c = config(3);
        c.put("socketTimeoutMs", "120000"); // only close() can end the hanging requests
        Path f = TestFiles.random(dir, "hang.mp4", 3 * 5 * MIB + 99, 5);
        UploadRequest req = UploadRequest.builder(f, "faults/hang.mp4").build();
        AtomicReference<String> token = new AtomicReference<>();
        UploadTarget t = new S3UploadTargetProvider().create(c);
        Upload u = t.start(req, new UploadListener() {
            @Override
            public void onResumeToken(String tk) {
                token.set(tk);
            }
        });
        long deadline = System.currentTimeMillis() + 30_000;
        while (faulty.proxy().faultsInjected.get() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(faulty.proxy().faultsInjected.get()).as("both part threads hang").isGreaterThanOrEqualTo(2);
        long started = System.nanoTime();
        t.close();
        long closeMillis = (System.nanoTime() - started) / 1_000_000;
        assertThrows(java.util.concurrent.CancellationException.class, () -> u.await(30, TimeUnit.SECONDS));
        assertThat(token.get()).isNotNull();
        System.out.println("close() with 2 hanging parts took " + closeMillis + " ms");

        faulty.proxy().stallsLeft.set(0);
        try (UploadTarget again = new S3UploadTargetProvider().create(S3.server().config(BUCKET))) {
            UploadResult r = again.resume(token.get(), req, UploadListener.NONE).await(60, TimeUnit.SECONDS);
            assertThat(r.checksum()).as("proven by the bytes of the file").isEqualTo(Checksums.of(f, r.checksum()));
        }
    }

    @Test
    void cutConnectionsWithoutRetriesFailRetryable() throws Exception {
        faulty.proxy().faultAfterBytes = 100; // every request dies, even the single PUT of a small file
        faulty.proxy().cutsLeft.set(1_000);
        Path f = TestFiles.random(dir, "cut.mp4", 1000, 3);
        try (UploadTarget t = new S3UploadTargetProvider().create(config(0))) {
            UploadException e = assertThrows(UploadException.class,
                    () -> t.start(UploadRequest.builder(f, "faults/cut.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.RETRYABLE);
            UploadException s = assertThrows(UploadException.class, () -> t.stat("faults/cut.mp4"));
            assertThat(s.kind()).isEqualTo(UploadException.Kind.RETRYABLE);
        }
    }
}
