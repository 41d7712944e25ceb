package org.s3upload.examples.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.options.CreateContainerOptions;

/**
 * An S3 server in this JVM for {@code --target s3} without an endpoint: S3Proxy on 127.0.0.1 with
 * SigV4 authentication and a filesystem blob store under {@code demo-s3/data}.
 *
 * <p>The port is chosen by the OS on a fresh run and kept in {@code demo-s3/port}: a resumed run
 * listens on the same one, because the module compares the target's description (endpoint
 * included) with the one in its markers and starts a recording afresh when the target changed.
 */
final class EmbeddedS3 implements AutoCloseable {
    /** Credentials of the local demo server only; they protect nothing else. */
    static final String ACCESS_KEY = "demo-access-key";
    static final String SECRET_KEY = "demo-secret-key";
    static final String REGION = "us-east-1";
    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final BlobStore store;
    private final S3Proxy proxy;
    final String endpoint;

    private EmbeddedS3(BlobStore store, S3Proxy proxy) {
        this.store = store;
        this.proxy = proxy;
        this.endpoint = "http://127.0.0.1:" + proxy.getPort();
    }

    /** Starts the server over {@code home}; with {@code samePort} on the port the earlier run recorded there. */
    static EmbeddedS3 start(Path home, String bucket, boolean samePort) throws Exception {
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Path portFile = home.resolve("port");
        int port = 0;
        if (samePort) {
            if (!Files.isRegularFile(portFile)) {
                throw new IllegalStateException("no embedded S3 server ran in " + home + " before (no " + portFile
                        + "); run without --resume first");
            }
            port = Integer.parseInt(new String(Files.readAllBytes(portFile), StandardCharsets.US_ASCII).trim());
        }
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", data.toString());
        BlobStore store = BlobStores.create("filesystem-nio2", p);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        try {
            proxy.start();
        } catch (Exception e) {
            store.close();
            throw new IOException("cannot start the embedded S3 server on 127.0.0.1:" + port + " (" + e
                    + (samePort ? "); the resumed run needs the port of the interrupted run: free it, or run"
                            + " without --resume to start over" : ")"), e);
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                proxy.stop();
                store.close();
                throw new IOException("the embedded S3 server did not start within " + START_TIMEOUT_MILLIS
                        + " ms (state " + proxy.getState() + ")");
            }
            Thread.sleep(5);
        }
        EmbeddedS3 s = new EmbeddedS3(store, proxy);
        if (!samePort) {
            DemoDirs.writeAtomically(portFile, String.valueOf(proxy.getPort()).getBytes(StandardCharsets.US_ASCII));
        }
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket, CreateContainerOptions.NONE);
        }
        return s;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping at exit; nothing depends on it
        }
        store.close();
    }
}
