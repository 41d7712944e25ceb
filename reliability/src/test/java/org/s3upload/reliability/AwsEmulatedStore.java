package org.s3upload.reliability;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.provider.s3.AwsEmulatingProxy;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.S3ProxyServer;

/**
 * Base of the tests that run the real module against a store answering as Amazon S3 does: one
 * S3Proxy per test class with bucket {@link #BUCKET}, and a fresh {@link AwsEmulatingProxy} in
 * front of it per test (every action allowed until the test restricts it).
 */
abstract class AwsEmulatedStore {
    static final String BUCKET = "aws-emulated";
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    static S3ProxyServer server;
    AwsEmulatingProxy aws;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3.server();
    }

    @BeforeEach
    void startProxy() throws Exception {
        aws = AwsEmulatingProxy.start(server.port());
    }

    @AfterEach
    void stopProxy() throws Exception {
        aws.close();
    }
}
