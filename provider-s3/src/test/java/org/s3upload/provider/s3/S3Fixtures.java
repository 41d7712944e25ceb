package org.s3upload.provider.s3;

import java.io.IOException;

/**
 * Public doors, for other modules' tests (reliability), to provider-s3's package-private pure
 * part-size function and its loopback fault proxy. The S3 server itself is public:
 * {@link S3ProxyExtension} and {@link S3ProxyServer}.
 */
public final class S3Fixtures {
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
