package org.s3upload.provider.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.s3upload.spi.support.Checksums;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.S3ClientOptions;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.ListPartsRequest;
import com.amazonaws.services.s3.model.MultipartUpload;
import com.amazonaws.services.s3.model.PartSummary;
import com.amazonaws.services.s3.model.S3Object;

/**
 * S3Proxy 4.0.0 in this JVM on 127.0.0.1 with an ephemeral port, SigV4 (and V2) authentication
 * and a filesystem store in a temp directory that lives as long as this object; plus a plain SDK
 * client ({@link #admin()}) for checks that must not go through the provider. The server can be
 * stopped and started again on the same data, also with other credentials (to revoke the
 * client's); each start takes a new port. Test classes get one through {@link S3ProxyExtension};
 * {@link #start(String...)} is for a test that wants a server of its own.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";

    private final Path dir;
    private final Options options;
    private BlobStore store;
    private S3Proxy proxy;

    /** The current endpoint, port and admin client; they change when the server restarts. Prefer the accessors. */
    public volatile String endpoint;
    public volatile int port;
    public volatile AmazonS3Client admin;

    private S3ProxyServer(Path dir, Options options) {
        this.dir = dir;
        this.options = options;
    }

    /** A started server with {@code buckets}. */
    public static S3ProxyServer start(String... buckets) throws Exception {
        return start(Options.DEFAULT.buckets(buckets));
    }

    /**
     * With {@code ignoreUnknownHeaders}, S3Proxy stores objects sent with headers it does not
     * implement (SSE, for one) instead of answering 501, so a test can see them reach the wire.
     */
    public static S3ProxyServer start(boolean ignoreUnknownHeaders, String... buckets) throws Exception {
        return start(Options.DEFAULT.ignoreUnknownHeaders(ignoreUnknownHeaders).buckets(buckets));
    }

    static S3ProxyServer start(Options options) throws Exception {
        S3ProxyServer s = new S3ProxyServer(Files.createTempDirectory("s3proxy-"), options);
        s.ensureRunning();
        for (String b : options.buckets) {
            s.admin.createBucket(b);
        }
        return s;
    }

    /** Starts the server again on the same data with the usual credentials if it is stopped. */
    public synchronized S3ProxyServer ensureRunning() throws Exception {
        return proxy != null ? this : restart(ACCESS_KEY, SECRET_KEY);
    }

    /** Stops the server if it runs and starts it on the same data, accepting only these credentials. */
    public synchronized S3ProxyServer restart(String identity, String credential) throws Exception {
        stop();
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        store = BlobStores.create("filesystem-nio2", p);
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
                .ignoreUnknownHeaders(options.ignoreUnknownHeaders).build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        port = proxy.getPort();
        endpoint = "http://127.0.0.1:" + port;
        admin = client(identity, credential);
        return this;
    }

    /** A plain SDK client of the running server with these credentials: path-style, SigV4; the caller shuts it down. */
    public AmazonS3Client client(String identity, String credential) {
        ClientConfiguration cc = new ClientConfiguration();
        cc.setSignerOverride("AWSS3V4SignerType");
        if (!options.adminRetries) {
            cc.setMaxErrorRetry(0);
        }
        AmazonS3Client c = new AmazonS3Client(new BasicAWSCredentials(identity, credential), cc);
        c.setEndpoint(endpoint);
        c.setSignerRegionOverride("us-east-1");
        c.setS3ClientOptions(new S3ClientOptions().withPathStyleAccess(true));
        return c;
    }

    /** Stops the server, keeping its data; {@link #ensureRunning()} brings it back. */
    public synchronized void stop() throws Exception {
        if (proxy == null) {
            return;
        }
        // Client first: with pooled keep-alive connections open, Jetty's graceful stop waits ~2 s.
        admin.shutdown();
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // Jetty's graceful stop gave up waiting for a request still in flight (measured: 1 stop in
            // 10 with a module uploading through a proxy); it stops its connectors regardless, and the
            // next start takes a new port anyway.
        }
        store.close();
        proxy = null;
    }

    public String endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
    }

    public AmazonS3Client admin() {
        return admin;
    }

    /** A provider configuration for this server: path-style, SigV4, 5 MiB parts. */
    public Map<String, String> config(String bucket) {
        Map<String, String> m = new HashMap<>();
        m.put("bucket", bucket);
        m.put("endpoint", endpoint);
        m.put("pathStyleAccess", "true");
        m.put("accessKey", ACCESS_KEY);
        m.put("secretKey", SECRET_KEY);
        m.put("partSize", "5MiB");
        m.put("multipartThreshold", "5MiB");
        return m;
    }

    public byte[] read(String bucket, String key) throws IOException {
        try (S3Object o = admin.getObject(bucket, key); InputStream in = o.getObjectContent()) {
            return in.readAllBytes();
        }
    }

    public boolean exists(String bucket, String key) {
        return admin.doesObjectExist(bucket, key);
    }

    /** MD5 of the stored object, streamed (for objects too large to hold in memory twice). */
    public String md5(String bucket, String key) throws IOException {
        MessageDigest md = Checksums.newMd5();
        byte[] buf = new byte[1 << 16];
        try (S3Object o = admin.getObject(bucket, key); InputStream in = o.getObjectContent()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return Checksums.hex(md.digest());
    }

    /**
     * Waits until the bucket's multipart uploads and their parts stop changing (two listings
     * {@value #QUIET_MILLIS} ms apart agree). S3Proxy's filesystem store finishes writing parts whose
     * bytes arrived before the client went away (a pause, a close), and while it does, its ListParts
     * can miss parts it has already acknowledged: measured, an empty list right after the client saw
     * all four parts stored, and all four 500 ms later. Real S3's ListParts is strongly consistent.
     */
    public void awaitQuiet(String bucket) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        String before = multipartState(bucket);
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(QUIET_MILLIS);
            String now = multipartState(bucket);
            if (now.equals(before)) {
                return;
            }
            before = now;
        }
        throw new AssertionError("S3Proxy's multipart state in " + bucket + " still changes after 10 s: " + before);
    }

    private static final long QUIET_MILLIS = 150;

    private String multipartState(String bucket) {
        StringBuilder state = new StringBuilder();
        for (MultipartUpload u : admin.listMultipartUploads(new ListMultipartUploadsRequest(bucket)).getMultipartUploads()) {
            state.append(u.getUploadId()).append(':');
            for (PartSummary p : admin.listParts(new ListPartsRequest(bucket, u.getKey(), u.getUploadId())).getParts()) {
                state.append(p.getPartNumber()).append('=').append(p.getSize()).append(',');
            }
            state.append('\n');
        }
        return state.toString();
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** How to start a server. Immutable. */
    static final class Options {
        static final Options DEFAULT = new Options(new String[0], false, true);

        final String[] buckets;
        final boolean ignoreUnknownHeaders;
        final boolean adminRetries;

        private Options(String[] buckets, boolean ignoreUnknownHeaders, boolean adminRetries) {
            this.buckets = buckets;
            this.ignoreUnknownHeaders = ignoreUnknownHeaders;
            this.adminRetries = adminRetries;
        }

        Options buckets(String... names) {
            return new Options(Arrays.copyOf(names, names.length), ignoreUnknownHeaders, adminRetries);
        }

        Options ignoreUnknownHeaders(boolean ignore) {
            return new Options(buckets, ignore, adminRetries);
        }

        Options adminRetries(boolean retry) {
            return new Options(buckets, ignoreUnknownHeaders, retry);
        }
    }
}
