package org.s3upload.reliability;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.S3ClientOptions;
import com.amazonaws.services.s3.model.S3Object;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * S3Proxy on 127.0.0.1 over a fixed data directory that can be stopped and started again — with
 * other credentials, to revoke the module's — keeping every object and in-progress multipart
 * upload. provider-s3's S3ProxyServer cannot restart (a new temp directory each time), hence this.
 * Each start gets a new ephemeral port: put {@link HttpFaultProxy} in front for a stable endpoint.
 */
final class RestartableS3 implements AutoCloseable {
    static final String ACCESS_KEY = "reliability-access";
    static final String SECRET_KEY = "reliability-secret-9f8e7d6c";

    private final Path dir;
    private BlobStore store;
    private S3Proxy proxy;
    private AmazonS3Client admin;
    private int port;

    RestartableS3(Path dir) {
        this.dir = dir;
    }

    /** A started server whose data lives in a new temp directory, removed by {@link #closeAndDelete}. */
    static RestartableS3 startInTempDir(String prefix) throws Exception {
        return new RestartableS3(Files.createTempDirectory(prefix)).start();
    }

    /** Stops the server and deletes its data directory (for servers of a whole test class). */
    void closeAndDelete() throws Exception {
        close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    synchronized RestartableS3 start(String identity, String credential) throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        store = BlobStores.create("filesystem-nio2", p);
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential).build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        port = proxy.getPort();
        ClientConfiguration cc = new ClientConfiguration();
        cc.setSignerOverride("AWSS3V4SignerType");
        cc.setMaxErrorRetry(0);
        admin = new AmazonS3Client(new BasicAWSCredentials(identity, credential), cc);
        admin.setEndpoint("http://127.0.0.1:" + port);
        admin.setSignerRegionOverride("us-east-1");
        admin.setS3ClientOptions(new S3ClientOptions().withPathStyleAccess(true));
        return this;
    }

    RestartableS3 start() throws Exception {
        return start(ACCESS_KEY, SECRET_KEY);
    }

    synchronized void stop() throws Exception {
        if (proxy == null) {
            return;
        }
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

    /** Starts the server again with the module's credentials if a test left it stopped. */
    synchronized void ensureRunning() throws Exception {
        if (proxy == null) {
            start();
        }
    }

    synchronized int port() {
        return port;
    }

    synchronized AmazonS3Client admin() {
        return admin;
    }

    byte[] read(String bucket, String key) throws IOException {
        try (S3Object o = admin().getObject(bucket, key); InputStream in = o.getObjectContent()) {
            return in.readAllBytes();
        }
    }

    boolean exists(String bucket, String key) {
        return admin().doesObjectExist(bucket, key);
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
