package org.s3upload.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.MultipartUpload;
import com.amazonaws.services.s3.model.UploadPartRequest;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;
import org.s3upload.provider.s3.S3Fixtures;
import org.s3upload.provider.s3.S3ProxyServer;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.wowza.engine.Marker;
import org.s3upload.wowza.engine.MarkerFiles;

/**
 * Incomplete uploads in a real S3Proxy, and the markers that hold some of them: one journalled by
 * the engine's marker writer with the token the S3 provider published for a real paused upload,
 * one of the original module (the SDK's PersistableUpload), and free ones made with a plain client.
 */
final class S3Scene {
    static final String BUCKET = "rec";
    static final String OWNER = "_defaultVHost_/live/_definst_";

    private final S3ProxyServer s3;

    S3Scene(S3ProxyServer s3) {
        this.s3 = s3;
    }

    /** A multipart upload no marker knows, holding one part of {@code partBytes}; returns its upload id. */
    String orphan(String key, int partBytes) {
        String id = s3.admin().initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();
        if (partBytes > 0) {
            s3.admin().uploadPart(new UploadPartRequest().withBucketName(BUCKET).withKey(key).withUploadId(id)
                    .withPartNumber(1).withInputStream(new ByteArrayInputStream(new byte[partBytes])).withPartSize(partBytes));
        }
        return id;
    }

    /** A marker of the original module holding the SDK's resume JSON of a real multipart upload. */
    String legacyMarkerHolding(Path content, String key) throws IOException {
        String id = orphan(key, 1000);
        Path rec = content.resolve(key.substring(key.lastIndexOf('/') + 1));
        Files.write(rec, new byte[100]);
        String sdk = "{\"bucketName\":\"" + BUCKET + "\",\"key\":\"" + key + "\",\"file\":\"" + rec + "\",\"multipartUploadId\":\""
                + id + "\",\"partSize\":5242880,\"mutlipartUploadThreshold\":16777216,\"pauseType\":\"upload\"}";
        Files.write(MarkerFiles.markerOf(rec), sdk.getBytes(StandardCharsets.UTF_8));
        return id;
    }

    /**
     * Starts a real multipart upload through the S3 provider (slowed by a loopback proxy so that it
     * is still running), pauses it, and journals its token in the recording's marker as the engine
     * does. Returns the marker.
     */
    Path engineMarkerHoldingPausedUpload(Path content, String key) throws Exception {
        Path rec = content.resolve("cam-" + key.replace('/', '-'));
        Files.write(rec, new byte[6 * 1024 * 1024 + 7]);
        String token;
        String fingerprint;
        try (S3Fixtures.Faults slow = new S3Fixtures.Faults(s3.port()).throttle(256 * 1024)) {
            Map<String, String> cfg = s3.config(BUCKET);
            cfg.put("endpoint", slow.endpoint());
            try (UploadTarget t = UploadTargets.create("s3", cfg)) {
                fingerprint = t.fingerprint();
                CompletableFuture<String> published = new CompletableFuture<>();
                Upload u = t.start(UploadRequest.builder(rec, key).build(), new UploadListener() {
                    @Override
                    public void onResumeToken(String resumeToken) {
                        published.complete(resumeToken);
                    }
                });
                String first = published.get(60, TimeUnit.SECONDS);
                Optional<String> paused = u.pause();
                token = paused.orElse(first);
            }
        }
        s3.awaitQuiet(BUCKET);
        Path marker = MarkerFiles.markerOf(rec);
        MarkerFiles.write(marker, Marker.pending(FileFingerprint.of(rec), "cam", System.currentTimeMillis())
                .withOwner(OWNER).withKey(key, "s3", fingerprint).withToken(token));
        return marker;
    }

    List<String> incompleteKeys() {
        List<String> keys = new ArrayList<>();
        for (MultipartUpload u : s3.admin().listMultipartUploads(new ListMultipartUploadsRequest(BUCKET)).getMultipartUploads()) {
            keys.add(u.getKey());
        }
        return keys;
    }

    /** A properties file with the original module's names; the secret key is not in it. */
    Path legacyConfigWithoutSecret(Path dir) throws IOException {
        Path f = dir.resolve("s3upload.properties");
        Files.write(f, ("s3UploadBucketName=" + BUCKET + "\n"
                + "s3UploadEndpoint=" + s3.endpoint() + "\n"
                + "s3UploadPathStyleAccess=true\n"
                + "s3UploadRegion=us-east-1\n"
                + "s3UploadAccessKey=" + S3ProxyServer.ACCESS_KEY + "\n").getBytes(StandardCharsets.UTF_8));
        return f;
    }
}
