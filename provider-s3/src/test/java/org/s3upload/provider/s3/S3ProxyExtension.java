package org.s3upload.provider.s3;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One S3Proxy ({@link S3ProxyServer}) for a test class: started before its first test, stopped
 * and its data deleted after its last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets("bucket");
 * ... S3.server().config("bucket"), S3.server().read("bucket", key), S3.server().stop(), S3.server().ensureRunning() ...
 * }</pre>
 *
 * <p>A test that stops the server (fault tests) may leave it stopped: the next test's
 * {@code S3.server().ensureRunning()} brings it back on the same data.
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {
    private final S3ProxyServer.Options options;
    private volatile S3ProxyServer server;

    private S3ProxyExtension(S3ProxyServer.Options options) {
        this.options = options;
    }

    /** A server that has these buckets when it starts. */
    public static S3ProxyExtension withBuckets(String... buckets) {
        return new S3ProxyExtension(S3ProxyServer.Options.DEFAULT.buckets(buckets));
    }

    /**
     * S3Proxy stores objects sent with headers it does not implement (SSE, for one) instead of
     * answering 501, so a test can see them reach the wire.
     */
    public S3ProxyExtension ignoringUnknownHeaders() {
        return new S3ProxyExtension(options.ignoreUnknownHeaders(true));
    }

    /** The admin client does not retry: for tests that stop the server and ask it things meanwhile. */
    public S3ProxyExtension adminWithoutRetries() {
        return new S3ProxyExtension(options.adminRetries(false));
    }

    /** The running server; only between the class's first and last test. */
    public S3ProxyServer server() {
        S3ProxyServer s = server;
        if (s == null) {
            throw new IllegalStateException("S3ProxyExtension has no server: register it on a static field"
                    + " with @RegisterExtension, and use it only while the test class runs");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = S3ProxyServer.start(options);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        S3ProxyServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }
}
