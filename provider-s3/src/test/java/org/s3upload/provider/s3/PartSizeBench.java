package org.s3upload.provider.s3;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;

/**
 * Throughput of one 200 MB upload per part size, thread count and signer against in-process
 * S3Proxy. A benchmark, not a test: its name keeps it out of the default surefire run; run it with
 * {@code mvn -o -pl provider-s3 test -Dtest=PartSizeBench} and read the BENCH lines in
 * target/surefire-reports/*PartSizeBench-output.txt. The first upload warms the JVM up.
 */
class PartSizeBench {
    @TempDir
    Path dir;

    @Test
    void bench() throws Exception {
        long size = 200_000_000L;
        Path f = TestFiles.random(dir, "bench.mp4", size, 1);
        String md5 = Checksums.md5Hex(f);
        try (S3ProxyServer server = S3ProxyServer.start("bench")) {
            String[][] combos = {{"8MiB", "4", "v4"}, {"5MiB", "2", "v4"}, {"5MiB", "4", "v4"}, {"8MiB", "2", "v4"},
                    {"8MiB", "4", "v4"}, {"16MiB", "2", "v4"}, {"16MiB", "4", "v4"}, {"8MiB", "8", "v4"}, {"8MiB", "4", "v2"},
                    {"5MiB", "4", "v4"}, {"8MiB", "4", "v4"}, {"16MiB", "4", "v4"}, {"8MiB", "4", "v2"}};
            for (String[] c : combos) {
                Map<String, String> cfg = server.config("bench");
                cfg.put("partSize", c[0]);
                cfg.put("multipartThreshold", "16MiB");
                cfg.put("uploadThreads", c[1]);
                cfg.put("signer", c[2]);
                try (UploadTarget t = new S3UploadTargetProvider().create(cfg)) {
                    long t0 = System.nanoTime();
                    t.start(UploadRequest.builder(f, "b.mp4").md5(md5).build(), UploadListener.NONE).await();
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("BENCH part=%s threads=%s signer=%s %.1f MiB/s%n", c[0], c[1], c[2], size / 1048576.0 / s);
                }
            }
        }
    }
}
