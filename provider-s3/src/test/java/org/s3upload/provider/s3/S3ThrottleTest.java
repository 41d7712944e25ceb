package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.contract.RecordingThrottle;
import org.s3upload.spi.support.Checksums;

/**
 * Bodies over {@link PartBody#MAX_BUFFERED} are not held in memory but streamed from the file by
 * the SDK: they draw from the throttle too, each byte once (the contract suite's files are small
 * enough to be buffered, so it does not reach this path).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class S3ThrottleTest {
    private static final String BUCKET = "throttle";
    private static final long MIB = 1L << 20;
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);

    @TempDir
    Path dir;

    @Test
    void aSinglePutStreamedFromTheFileDrawsEveryByte() throws Exception {
        long size = PartBody.MAX_BUFFERED + MIB + 7;
        assertDrawsEveryByte(size, Map.of("multipartThreshold", (size + MIB) + ""));
    }

    @Test
    void aPartStreamedFromTheFileDrawsEveryByte() throws Exception {
        long partSize = PartBody.MAX_BUFFERED + MIB;
        assertDrawsEveryByte(partSize + MIB + 3, Map.of("partSize", partSize + "", "multipartThreshold", partSize + ""));
    }

    private void assertDrawsEveryByte(long size, Map<String, String> extra) throws Exception {
        Map<String, String> config = S3.server().config(BUCKET);
        config.putAll(extra);
        Path file = TestFiles.random(dir, "big.bin", size, size);
        RecordingThrottle throttle = RecordingThrottle.counting();
        try (UploadTarget t = new S3UploadTargetProvider().create(config)) {
            UploadResult r = t.start(UploadRequest.builder(file, "big/" + size + ".bin").throttle(throttle).build(),
                    UploadListener.NONE).await(240, TimeUnit.SECONDS);
            assertThat(r.size()).isEqualTo(size);
            assertThat(r.checksum()).isEqualTo(Checksums.of(file, r.checksum()));
            assertThat(throttle.granted()).as("bytes drawn").isEqualTo(r.bytesSent()).isEqualTo(size);
            assertThat(throttle.largestDraw()).isLessThanOrEqualTo(ThrottledBody.MAX_PIECE);
            assertThat(openHandlesOf(file)).as("file streams opened for the throttled body are closed").isZero();
        }
    }

    /** How many of this process's open file descriptors point at {@code file} (Linux /proc; 0 elsewhere). */
    private static long openHandlesOf(Path file) throws Exception {
        Path fds = java.nio.file.Paths.get("/proc/self/fd");
        if (!java.nio.file.Files.isDirectory(fds)) {
            return 0;
        }
        Path real = file.toRealPath();
        long n = 0;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(fds)) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    if (java.nio.file.Files.readSymbolicLink(fd).equals(real)) {
                        n++;
                    }
                } catch (java.io.IOException gone) {
                    // closed while listing
                }
            }
        }
        return n;
    }
}
