package org.s3upload.provider.s3;

import com.amazonaws.services.s3.AmazonS3Client;
import java.io.IOException;
import java.util.Map;

/**
 * Public doors to provider-s3's package-private test fixtures and its pure part-size function,
 * so that the reliability suite reuses them instead of copying them. Lives in the provider's
 * package (in this module's test sources) only for that access.
 */
public final class S3Fixtures {
    public static final String ACCESS_KEY = S3ProxyServer.ACCESS_KEY;
    public static final String SECRET_KEY = S3ProxyServer.SECRET_KEY;

    private S3Fixtures() {
    }

    /** provider-s3's {@code PartSizes.forFile}: the part size chosen for a file of {@code fileSize} bytes. */
    public static long partSizeFor(long fileSize, long configuredPartSize) {
        return PartSizes.forFile(fileSize, configuredPartSize);
    }

    public static int partCount(long fileSize, long partSize) {
        return PartSizes.partCount(fileSize, partSize);
    }

    public static final int MAX_PARTS = PartSizes.MAX_PARTS;
    public static final long MAX_PART = PartSizes.MAX_PART;

    /** An in-process S3Proxy on 127.0.0.1 (provider-s3's {@code S3ProxyServer}). */
    public static final class Server implements AutoCloseable {
        private final S3ProxyServer s;

        private Server(S3ProxyServer s) {
            this.s = s;
        }

        public static Server start(String... buckets) throws Exception {
            return new Server(S3ProxyServer.start(buckets));
        }

        public String endpoint() {
            return s.endpoint;
        }

        public int port() {
            return s.port;
        }

        public AmazonS3Client admin() {
            return s.admin;
        }

        public Map<String, String> config(String bucket) {
            return s.config(bucket);
        }

        public byte[] read(String bucket, String key) throws IOException {
            return s.read(bucket, key);
        }

        @Override
        public void close() throws Exception {
            s.close();
        }
    }

    /** provider-s3's loopback fault proxy ({@code FaultyTcpProxy}): cuts, stalls, throttling. */
    public static final class Faults implements AutoCloseable {
        private final FaultyTcpProxy p;

        public Faults(int targetPort) throws IOException {
            this.p = new FaultyTcpProxy(targetPort);
        }

        public String endpoint() {
            return p.endpoint();
        }

        public Faults cutAfter(long bytes, int times) {
            p.faultAfterBytes = bytes;
            p.cutsLeft.set(times);
            return this;
        }

        public Faults stallAfter(long bytes, int times) {
            p.faultAfterBytes = bytes;
            p.stallsLeft.set(times);
            return this;
        }

        public Faults throttle(long bytesPerSecond) {
            p.bytesPerSecond = bytesPerSecond;
            return this;
        }

        public int injected() {
            return p.faultsInjected.get();
        }

        @Override
        public void close() throws IOException {
            p.close();
        }
    }
}
