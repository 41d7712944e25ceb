package org.s3upload.reliability;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.provider.s3.AwsEmulatingProxy;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.ProxyInFront;

/**
 * Base of the tests that run the real module against a store answering as Amazon S3 does: one
 * S3Proxy per test class with bucket {@link #BUCKET}, and a fresh {@link AwsEmulatingProxy} in
 * front of it per test ({@link ProxyInFront}; every action allowed until the test restricts it):
 * {@code S3.server()} is the store, {@code aws.proxy()} the proxy.
 */
abstract class AwsEmulatedStore {
    static final String BUCKET = "aws-emulated";
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    @RegisterExtension
    final ProxyInFront<AwsEmulatingProxy> aws = ProxyInFront.awsEmulating(S3);

    @TempDir
    Path dir;
}
