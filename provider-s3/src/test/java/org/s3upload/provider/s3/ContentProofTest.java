package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

import com.amazonaws.services.s3.model.CompleteMultipartUploadRequest;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PartETag;
import com.amazonaws.services.s3.model.UploadPartRequest;

/**
 * A part whose stored bytes differ from the local file's (same length, other bytes) is caught at
 * every point where it can arise: on the way (Content-MD5, BadDigest), in a resume (the stored
 * part's ETag against the hash of the local slice; the part is sent again), and at the final proof
 * (the object's ETag against md5 of the part MD5s read from the file), and a failed proof never
 * completes the upload. Through {@link TamperingS3Proxy}, which answers as Amazon S3 does.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ContentProofTest {
    private static final String BUCKET = "proof";
    private static final long MIB = 1L << 20;
    private static final long PART = 5 * MIB;
    private static final long SIZE = 3 * PART + 17;
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    private static S3ProxyServer server;

    @TempDir
    Path dir;
    private TamperingS3Proxy proxy;
    private UploadTarget target;
    /** Every resume token the upload published; the retry resumes from the last. */
    private final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
    private final UploadListener keepTokens = new UploadListener() {
        @Override
        public void onResumeToken(String token) {
            tokens.add(token);
        }
    };

    @BeforeAll
    static void startServer() {
        server = S3.server();
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new TamperingS3Proxy(server.port);
        Map<String, String> c = server.config(BUCKET);
        c.put("endpoint", proxy.endpoint());
        c.put("maxErrorRetry", "0");
        target = new S3UploadTargetProvider().create(c);
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
        proxy.close();
    }

    @Test
    void aPartDamagedOnTheWayIsRefusedByItsContentMd5AndNothingIsCompleted() throws Exception {
        Path f = TestFiles.random(dir, "damaged.mp4", SIZE, 1);
        proxy.damagePart(2);
        UploadException e = assertThrows(UploadException.class, () -> target.start(
                UploadRequest.builder(f, "upload/damaged.mp4").build(), keepTokens).await(60, TimeUnit.SECONDS));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("BadDigest");
        assertThat(proxy.badDigests()).isEqualTo(1);
        assertThat(target.stat("upload/damaged.mp4")).as("nothing completed").isEmpty();

        // The retry (a resume of the same multipart upload) sends the refused part again, undamaged.
        UploadResult r = target.resume(tokens.get(tokens.size() - 1), UploadRequest.builder(f, "upload/damaged.mp4").build(),
                UploadListener.NONE).await(60, TimeUnit.SECONDS);
        assertThat(server.read(BUCKET, "upload/damaged.mp4")).isEqualTo(Files.readAllBytes(f));
        assertThat(r.checksum()).isEqualTo(Checksums.of(f, r.checksum()));
        assertThat(r.proof()).isEqualTo(UploadResult.Proof.STORED_CHECKSUM);
    }

    @Test
    void aResumeHashesTheStoredPartsAndSendsAgainOneThatHoldsOtherBytes() throws Exception {
        Path f = TestFiles.random(dir, "resumed.mp4", SIZE, 2);
        byte[] bytes = Files.readAllBytes(f);
        String key = "resume/resumed.mp4";
        ObjectMetadata meta = new ObjectMetadata();
        meta.addUserMetadata(StoredChecksum.PART_SIZE_METADATA, String.valueOf(PART));
        String id = server.admin.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, meta)).getUploadId();
        byte[] part1 = Arrays.copyOfRange(bytes, 0, (int) PART);
        part1[100] ^= 1; // same length, other bytes: stored by another writer, or rotted
        storePart(key, id, 1, part1);
        storePart(key, id, 2, Arrays.copyOfRange(bytes, (int) PART, (int) (2 * PART)));
        String token = S3ResumeToken.of(BUCKET, key, id, PART, PART, f.toString(), SIZE,
                Files.getLastModifiedTime(f).toMillis(), null, null).toJson();

        UploadResult r = target.resume(token, UploadRequest.builder(f, key).build(), UploadListener.NONE)
                .await(60, TimeUnit.SECONDS);

        assertThat(proxy.partsForwarded()).as("part 1 held other bytes; part 2 was proven and kept")
                .containsExactlyInAnyOrder(1, 3, 4);
        assertThat(r.bytesSent()).isEqualTo(SIZE - PART);
        assertThat(server.read(BUCKET, key)).isEqualTo(bytes);
        assertThat(r.checksum()).isEqualTo(Checksums.of(f, r.checksum()));
    }

    @Test
    void aPartReplacedAfterItWasStoredIsRefusedAtCompletionAndSentAgainByTheRetry() throws Exception {
        Path f = TestFiles.random(dir, "replaced.mp4", SIZE, 3);
        String key = "complete/replaced.mp4";
        byte[] other = Arrays.copyOfRange(Files.readAllBytes(f), (int) PART, (int) (2 * PART));
        other[7] ^= 1;
        proxy.onceAfter("^PUT .*partNumber=2", line -> storePart(key, TamperingS3Proxy.uploadIdOf(line), 2, other));

        // S3 completes only parts whose ETags it is given (InvalidPart otherwise); S3Proxy does too.
        UploadException e = assertThrows(UploadException.class, () -> target.start(
                UploadRequest.builder(f, key).build(), keepTokens).await(60, TimeUnit.SECONDS));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(UploadException.Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("InvalidPart");
        assertThat(target.stat(key)).isEmpty();

        proxy.partsForwarded().clear();
        UploadResult r = target.resume(tokens.get(tokens.size() - 1), UploadRequest.builder(f, key).build(),
                UploadListener.NONE).await(60, TimeUnit.SECONDS);
        assertThat(proxy.partsForwarded()).as("the resume found part 2 holding other bytes").containsExactly(2);
        assertThat(server.read(BUCKET, key)).isEqualTo(Files.readAllBytes(f));
        assertThat(r.checksum()).isEqualTo(Checksums.of(f, r.checksum()));
    }

    @Test
    void anObjectWhosePartHoldsOtherBytesAfterCompletionFailsTheFinalProof() throws Exception {
        Path f = TestFiles.random(dir, "final.mp4", SIZE, 4);
        String key = "final/final.mp4";
        byte[] other = Files.readAllBytes(f);
        other[(int) PART + 7] ^= 1; // part 2: same length, other bytes; same size and part count overall
        // Another writer completes its own upload of those bytes, in the same parts, right after ours.
        // It even claims our file's MD5 in x-amz-meta-md5, which the earlier proof (metadata) believed.
        String ourMd5 = Checksums.md5Hex(f);
        proxy.onceAfter("^POST .*uploadId=", line -> storeInParts(key, other, ourMd5));

        UploadException e = assertThrows(UploadException.class, () -> target.start(
                UploadRequest.builder(f, key).build(), UploadListener.NONE).await(60, TimeUnit.SECONDS));

        assertThat(e.kind()).as(e.getMessage()).isEqualTo(UploadException.Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("could not be verified").contains("altered or replaced");
        assertThat(target.stat(key)).hasValueSatisfying(o -> {
            assertThat(o.size()).as("same size: only the checksum tells").isEqualTo(SIZE);
            assertThat(o.checksum().get().parts()).isEqualTo(4);
        });
        assertThat(f).as("the provider never touches the local file").exists();
    }

    private static void storeInParts(String key, byte[] data, String claimedMd5) {
        ObjectMetadata meta = new ObjectMetadata();
        meta.addUserMetadata("md5", claimedMd5);
        meta.addUserMetadata(StoredChecksum.PART_SIZE_METADATA, String.valueOf(PART));
        String id = server.admin.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, meta)).getUploadId();
        List<PartETag> etags = new ArrayList<>();
        for (int n = 1; (n - 1) * PART < data.length; n++) {
            byte[] part = Arrays.copyOfRange(data, (int) ((n - 1) * PART), (int) Math.min(data.length, n * PART));
            etags.add(storePart(key, id, n, part));
        }
        server.admin.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, etags));
    }

    private static PartETag storePart(String key, String uploadId, int n, byte[] data) {
        return server.admin.uploadPart(new UploadPartRequest().withBucketName(BUCKET).withKey(key).withUploadId(uploadId)
                .withPartNumber(n).withInputStream(new ByteArrayInputStream(data)).withPartSize(data.length)).getPartETag();
    }
}
