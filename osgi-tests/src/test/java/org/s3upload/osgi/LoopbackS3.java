package org.s3upload.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.domain.Blob;
import org.gaul.s3proxy.blobstore.options.CreateContainerOptions;
import org.gaul.s3proxy.blobstore.options.GetOptions;

/**
 * S3Proxy on 127.0.0.1 (ephemeral port) with SigV4 and a filesystem store, running on the test's
 * class path outside the framework; the bundles reach it over HTTP like any S3 endpoint.
 */
final class LoopbackS3 implements AutoCloseable {
    private static final String ACCESS_KEY = "osgi-access-key";
    private static final String SECRET_KEY = "osgi-secret-key-0123456789";

    private final BlobStore store;
    private final S3Proxy proxy;

    private LoopbackS3(BlobStore store, S3Proxy proxy) {
        this.store = store;
        this.proxy = proxy;
    }

    static LoopbackS3 start(Path dir, String bucket) throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStore store = BlobStores.create("filesystem-nio2", p);
        store.createContainer(bucket, CreateContainerOptions.NONE);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return new LoopbackS3(store, proxy);
    }

    /** The S3 provider's configuration for {@code bucket}: path-style, 5 MiB parts. */
    Map<String, String> providerConfig(String bucket) {
        Map<String, String> m = new HashMap<>();
        m.put("bucket", bucket);
        m.put("endpoint", "http://127.0.0.1:" + proxy.getPort());
        m.put("pathStyleAccess", "true");
        m.put("accessKey", ACCESS_KEY);
        m.put("secretKey", SECRET_KEY);
        m.put("partSize", "5MiB");
        m.put("multipartThreshold", "5MiB");
        return m;
    }

    byte[] read(String bucket, String key) throws IOException {
        Blob blob = store.getBlob(bucket, key, GetOptions.NONE);
        if (blob == null) {
            throw new IOException("no object " + key + " in bucket " + bucket);
        }
        try (InputStream in = blob.getPayload()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            store.close();
        }
    }
}
