package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What fault tests rely on: a stopped server comes back on the same data, also with other credentials. */
class S3ProxyExtensionTest {
    private static final String BUCKET = "fixture";

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET).adminWithoutRetries();

    @Test
    void aRestartKeepsObjectsAndPartialUploads() throws Exception {
        S3ProxyServer server = S3.server();
        byte[] kept = "kept".getBytes(StandardCharsets.UTF_8);
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(kept.length);
        server.admin().putObject(BUCKET, "kept.txt", new ByteArrayInputStream(kept), m);
        String id = server.admin().initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "partial.bin")).getUploadId();
        server.stop();
        server.ensureRunning();
        assertThat(new String(server.read(BUCKET, "kept.txt"), StandardCharsets.UTF_8)).isEqualTo("kept");
        assertThat(server.admin().listMultipartUploads(new ListMultipartUploadsRequest(BUCKET)).getMultipartUploads())
                .extracting(u -> u.getUploadId()).contains(id);
    }

    @Test
    void aRestartWithOtherCredentialsRefusesTheUsualOnes() throws Exception {
        S3ProxyServer server = S3.server();
        try {
            server.restart("someone-else", "another-secret-entirely");
            assertThat(server.exists(BUCKET, "anything")).isFalse(); // the admin client holds the new key
            AmazonS3Client usual = server.client(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
            AmazonServiceException e;
            try {
                e = assertThrows(AmazonServiceException.class, () -> usual.getObjectMetadata(BUCKET, "anything"));
            } finally {
                usual.shutdown();
            }
            assertThat(e.getStatusCode()).isEqualTo(403);
        } finally {
            server.restart(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        }
    }

    @Test
    void serverOutsideTheClassLifecycleIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> S3ProxyExtension.withBuckets("x").server());
        assertThat(e.getMessage()).contains("@RegisterExtension");
    }
}
