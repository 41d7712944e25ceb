package org.s3upload.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.options.CreateContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --target s3 --endpoint ...}: the demo against an S3-compatible store it did not start
 * (here an S3Proxy in the test's JVM, on 127.0.0.1 with an ephemeral port and its own keys).
 */
class DemoExternalStoreTest {
    private static final String ACCESS_KEY = "external-access-key";
    private static final String SECRET_KEY = "external-secret-never-printed";
    private static final String BUCKET = "recordings";

    @TempDir
    static Path storeDir;

    private static BlobStore store;
    private static S3Proxy proxy;
    private static String endpoint;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startStore() throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", storeDir.toString());
        store = BlobStores.create("filesystem-nio2", p);
        store.createContainer(BUCKET, CreateContainerOptions.NONE);
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
    }

    @AfterAll
    static void stopStore() throws Exception {
        proxy.stop();
        store.close();
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
            Path object = storeDir.resolve(BUCKET + "/demo/camera-" + i + ".mp4");
            assertThat(Files.mismatch(recording, object)).as("object %s equals its recording", object).isEqualTo(-1L);
        }
    }
}
