package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.model.CompleteMultipartUploadRequest;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PartETag;
import com.amazonaws.services.s3.model.UploadPartRequest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.S3ProxyServer;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.provider.s3.TamperingS3Proxy;
import org.s3upload.wowza.engine.Await;

/**
 * The module with delete-original on, in front of S3 through {@link TamperingS3Proxy}: right after
 * the module's multipart upload completes, another writer replaces the object with one of the same
 * size and part count whose part 2 holds other bytes. The final proof fails, the recording and its
 * marker stay, and only the retry, whose object is proven, deletes the local file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailedProofKeepsRecordingTest {
    private static final int PART = 5 << 20;
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets("proof");

    @TempDir
    Path dir;

    @Test
    void aFailedProofNeverDeletesTheRecording() throws Exception {
        Path content = dir.resolve("content");
        try (TamperingS3Proxy proxy = new TamperingS3Proxy(S3.server().port()); Host h = new Host(content)) {
            byte[] data = Host.bytes(3 * PART + 17, 5);
            byte[] other = data.clone();
            other[PART + 7] ^= 1;
            proxy.onceAfter("^POST .*uploadId=", line -> storeInParts("rec.mp4", other));
            h.set("s3UploadTarget", "s3").set("s3UploadBucketName", "proof")
                    .set("s3UploadEndpoint", proxy.endpoint()).set("s3UploadPathStyleAccess", "true")
                    .set("s3UploadAccessKey", S3ProxyServer.ACCESS_KEY).set("s3UploadSecretKey", S3ProxyServer.SECRET_KEY)
                    .set("s3Upload.s3.partSize", "5MiB").set("s3Upload.s3.multipartThreshold", "5MiB")
                    .set("s3UploadDeleteOriginalFiles", "true")
                    // Long enough to look at the recording between the failed proof and the retry.
                    .set("s3UploadRetryInitialDelay", "3000").set("s3UploadRetryMaxDelay", "3000");
            Path rec = h.write("rec.mp4", data);
            h.start();
            h.awaitReady();
            h.finish(rec);

            Await.until("the proof failed", () -> h.log.lines().stream().anyMatch(l -> l.contains("could not be verified")),
                    h.log::toString);
            assertThat(rec).as("kept after the failed proof").exists();
            assertThat(Files.readAllBytes(rec)).isEqualTo(data);
            assertThat(rec.resolveSibling("rec.mp4.upload")).as("marker kept").exists();

            Await.until("uploaded again and deleted", () -> !Files.exists(rec), h.log::toString);
            assertThat(S3.server().read("proof", "rec.mp4")).as("deleted only once the stored object was proven").isEqualTo(data);
            assertThat(rec.resolveSibling("rec.mp4.upload")).doesNotExist();
        }
    }

    /** Another writer's complete multipart upload of {@code bytes} at {@code key}, in the same parts. */
    private static void storeInParts(String key, byte[] bytes) {
        ObjectMetadata meta = new ObjectMetadata();
        meta.addUserMetadata("part-size", String.valueOf(PART));
        String id = S3.server().admin().initiateMultipartUpload(new InitiateMultipartUploadRequest("proof", key, meta)).getUploadId();
        List<PartETag> etags = new ArrayList<>();
        for (int n = 1; (long) (n - 1) * PART < bytes.length; n++) {
            byte[] part = Arrays.copyOfRange(bytes, (n - 1) * PART, Math.min(bytes.length, n * PART));
            etags.add(S3.server().admin().uploadPart(new UploadPartRequest().withBucketName("proof").withKey(key).withUploadId(id)
                    .withPartNumber(n).withInputStream(new ByteArrayInputStream(part)).withPartSize(part.length)).getPartETag());
        }
        S3.server().admin().completeMultipartUpload(new CompleteMultipartUploadRequest("proof", key, id, etags));
    }
}
