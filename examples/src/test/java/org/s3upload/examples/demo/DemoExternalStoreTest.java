package org.s3upload.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.S3ProxyServer;

/**
 * {@code --target s3 --endpoint ...}: the demo against an S3-compatible store it did not start
 * (here an S3Proxy in the test's JVM, on 127.0.0.1 with an ephemeral port and its own keys).
 */
class DemoExternalStoreTest {
    private static final String ACCESS_KEY = S3ProxyServer.ACCESS_KEY;
    private static final String SECRET_KEY = S3ProxyServer.SECRET_KEY;
    private static final String BUCKET = "recordings";

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    private static String endpoint;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startStore() {
        endpoint = S3.server().endpoint();
    }

    @Test
    void uploadsWithStaticKeysAndNeverPrintsTheSecret() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("keys"));

        DemoProcess run = DemoProcess.run(work, "--target", "s3", "--endpoint", endpoint, "--bucket", BUCKET,
                "--region", "eu-west-1", "--path-style", "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY,
                "--recordings", "1", "--size-mb", "6");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("s3://" + BUCKET + "/ at " + endpoint + " (region eu-west-1)",
                "All 1 recording(s) uploaded and verified").doesNotContain("embedded S3 server");
        assertStored(work, 1);
        assertThat(run.out + run.err + Files.readString(work.resolve("demo-recordings/demo-module.log")))
                .doesNotContain(SECRET_KEY);
    }

    @Test
    void withoutKeysTheSdkDefaultChainIsUsed() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("chain"));

        DemoProcess run = DemoProcess.run(work, Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY),
                "--target", "s3", "--endpoint", endpoint, "--bucket", BUCKET, "--path-style", "--recordings", "2",
                "--size-mb", "1");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("All 2 recording(s) uploaded and verified");
        assertStored(work, 2);
        assertThat(run.out + run.err).doesNotContain(SECRET_KEY);
    }

    private static void assertStored(Path work, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            Path recording = work.resolve("demo-recordings/camera-" + i + ".mp4");
            String key = "demo/camera-" + i + ".mp4";
            assertThat(S3.server().read(BUCKET, key)).as("object %s equals its recording", key)
                    .isEqualTo(Files.readAllBytes(recording));
        }
    }
}
