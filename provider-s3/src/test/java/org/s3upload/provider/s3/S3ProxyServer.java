package org.s3upload.provider.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
 * and a filesystem store in a temp directory; plus a plain SDK client for checks that must not go
 * through the provider. One per test class (start in @BeforeAll, close in @AfterAll).
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key-0123456789";

    private final Path dir;
    private final BlobStore store;
    private final S3Proxy proxy;
    final String endpoint;
    final int port;
    final AmazonS3Client admin;

    private S3ProxyServer(Path dir, BlobStore store, S3Proxy proxy) {
        this.dir = dir;
        this.store = store;
        this.proxy = proxy;
        this.port = proxy.getPort();
        this.endpoint = "http://127.0.0.1:" + port;
        ClientConfiguration cc = new ClientConfiguration();
        cc.setSignerOverride("AWSS3V4SignerType");
        this.admin = new AmazonS3Client(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY), cc);
        admin.setEndpoint(endpoint);
        admin.setSignerRegionOverride("us-east-1");
        admin.setS3ClientOptions(new S3ClientOptions().withPathStyleAccess(true));
    }

    static S3ProxyServer start(String... buckets) throws Exception {
        return start(false, buckets);
    }

    /**
     * With {@code ignoreUnknownHeaders}, S3Proxy stores objects sent with headers it does not
     * implement (SSE, for one) instead of answering 501, so a test can see them reach the wire.
     */
    static S3ProxyServer start(boolean ignoreUnknownHeaders, String... buckets) throws Exception {
        Path dir = Files.createTempDirectory("s3proxy-");
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStore store = BlobStores.create("filesystem-nio2", p);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(ignoreUnknownHeaders).build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        S3ProxyServer s = new S3ProxyServer(dir, store, proxy);
        for (String b : buckets) {
            s.admin.createBucket(b);
        }
        return s;
    }

    /** A provider configuration for this server: path-style, SigV4, 5 MiB parts. */
    Map<String, String> config(String bucket) {
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

    byte[] read(String bucket, String key) throws IOException {
        try (S3Object o = admin.getObject(bucket, key); InputStream in = o.getObjectContent()) {
            return in.readAllBytes();
        }
    }

    /** MD5 of the stored object, streamed (for objects too large to hold in memory twice). */
    String md5(String bucket, String key) throws IOException {
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
    void awaitQuiet(String bucket) throws InterruptedException {
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

    @Override
    public void close() throws Exception {
        // Client first: with pooled keep-alive connections open, Jetty's graceful stop waits ~2 s.
        admin.shutdown();
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // Jetty's graceful stop gave up on a request still in flight (a test that left an upload
            // running); its connectors are stopped regardless, and this server is not used again.
        }
        store.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
