package org.s3upload.provider.s3;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A proxy in front of a test class's S3Proxy ({@link S3ProxyExtension}), started before each test
 * and closed after it, so that no test sees another's policy, faults or recorded requests. Register
 * it on an instance field, after the S3ProxyExtension:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets("bucket");
 * @RegisterExtension
 * final ProxyInFront<AwsEmulatingProxy> aws = ProxyInFront.awsEmulating(S3);
 * ... aws.proxy().allowOnly(...), aws.proxy().endpoint() ...
 * }</pre>
 *
 * @param <P> the proxy's type
 */
public final class ProxyInFront<P extends AutoCloseable> implements BeforeEachCallback, AfterEachCallback {
    /** Starts a proxy that forwards to S3Proxy's port. */
    @FunctionalInterface
    public interface Starter<P> {
        P start(int s3ProxyPort) throws Exception;
    }

    private final S3ProxyExtension s3;
    private final Starter<P> starter;
    private volatile P proxy;

    private ProxyInFront(S3ProxyExtension s3, Starter<P> starter) {
        this.s3 = s3;
        this.starter = starter;
    }

    /** An {@link AwsEmulatingProxy}: S3Proxy answering as Amazon S3 documents (every action allowed until restricted). */
    public static ProxyInFront<AwsEmulatingProxy> awsEmulating(S3ProxyExtension s3) {
        return new ProxyInFront<>(s3, AwsEmulatingProxy::start);
    }

    /** A {@link FaultyTcpProxy}: connections cut, stalled or throttled on demand. */
    static ProxyInFront<FaultyTcpProxy> faultyTcp(S3ProxyExtension s3) {
        return new ProxyInFront<>(s3, FaultyTcpProxy::new);
    }

    /** This test's proxy; only while a test runs. */
    public P proxy() {
        P p = proxy;
        if (p == null) {
            throw new IllegalStateException("ProxyInFront has no proxy: register it on an instance field with"
                    + " @RegisterExtension, and use it only while a test runs");
        }
        return p;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        proxy = starter.start(s3.server().port());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        P p = proxy;
        proxy = null;
        if (p != null) {
            p.close();
        }
    }
}
