package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.internal.Json;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

import com.amazonaws.services.s3.model.CompleteMultipartUploadRequest;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ListPartsRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PartETag;
import com.amazonaws.services.s3.model.PartSummary;
import com.amazonaws.services.s3.model.UploadPartRequest;
import com.amazonaws.services.s3.transfer.PersistableUpload;

/** Behaviour beyond the contract, against S3Proxy: errors, addressing, metadata, legacy markers, size. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class S3ProviderTest {
    private static final String BUCKET = "provider";
    private static final long MIB = 1L << 20;
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    private static S3ProxyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3.server();
    }

    private static UploadTarget target(Map<String, String> config) throws UploadException {
        return new S3UploadTargetProvider().create(config);
    }

    private static Map<String, String> config() {
        return server.config(BUCKET);
    }

    private static UploadException failure(Upload u) {
        return assertThrows(UploadException.class, () -> u.await(60, TimeUnit.SECONDS));
    }

    @Test
    void wrongSecretKeyIsPermanentAndNamesTheKeyButNotTheSecret() throws Exception {
        Map<String, String> c = config();
        c.put("secretKey", "wrong-secret-value-123");
        c.put("maxErrorRetry", "0"); // the SDK treats SignatureDoesNotMatch as clock skew and retries
        try (UploadTarget t = target(c)) {
            Path f = TestFiles.random(dir, "a.bin", 100, 1);
            UploadException e = failure(t.start(UploadRequest.builder(f, "auth/a.bin").build(), UploadListener.NONE));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("SignatureDoesNotMatch", "'secretKey'", "s3://provider/auth/a.bin")
                    .doesNotContain("wrong-secret-value-123");
            UploadException s = assertThrows(UploadException.class, () -> t.stat("auth/a.bin"));
            assertThat(s.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        }
    }

    @Test
    void unknownAccessKeyIsPermanentAndNamesTheKey() throws Exception {
        Map<String, String> c = config();
        c.put("accessKey", "AKIDUNKNOWN");
        c.put("maxErrorRetry", "0");
        try (UploadTarget t = target(c)) {
            UploadException e = assertThrows(UploadException.class, () -> t.listIncomplete(""));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("InvalidAccessKeyId", "'accessKey'");
        }
    }

    @Test
    void missingBucketIsPermanentWithAClearMessage() throws Exception {
        Map<String, String> c = config();
        c.put("bucket", "no-such-bucket");
        try (UploadTarget t = target(c)) {
            Path f = TestFiles.random(dir, "b.bin", 100, 2);
            UploadException e = failure(t.start(UploadRequest.builder(f, "b.bin").build(), UploadListener.NONE));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("bucket 'no-such-bucket' does not exist", "'bucket'");
        }
        c.put("checkBucket", "true");
        UploadException e = assertThrows(UploadException.class, () -> target(c));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("no-such-bucket", "does not exist");
    }

    @Test
    void checkBucketPassesForAnExistingBucketAndCatchesBadCredentials() throws Exception {
        Map<String, String> c = config();
        c.put("checkBucket", "true");
        target(c).close();
        c.put("secretKey", "wrong-secret-value-456");
        c.put("maxErrorRetry", "0");
        UploadException e = assertThrows(UploadException.class, () -> target(c));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("403").doesNotContain("wrong-secret-value-456");
    }

    @Test
    void pathStyleAccessWithAHostName() throws Exception {
        Map<String, String> c = config();
        c.put("endpoint", "http://localhost:" + server.port);
        c.put("pathStyleAccess", "true");
        try (UploadTarget t = target(c)) {
            Path f = TestFiles.random(dir, "path.bin", 1000, 3);
            UploadResult r = t.start(UploadRequest.builder(f, "path/style.bin").build(), UploadListener.NONE).await();
            assertThat(r.md5()).contains(Checksums.md5Hex(f));
            assertThat(server.read(BUCKET, "path/style.bin")).isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void signatureVersion2AlsoWorks() throws Exception {
        Map<String, String> c = config();
        c.put("signer", "v2");
        try (UploadTarget t = target(c)) {
            Path f = TestFiles.random(dir, "v2.bin", 6 * MIB, 4);
            UploadResult r = t.start(UploadRequest.builder(f, "v2/multi.bin").build(), UploadListener.NONE).await();
            assertThat(r.checksum()).as("proven by the bytes of the file").isEqualTo(Checksums.of(f, r.checksum()));
        }
    }

    @Test
    void unsignedPayloadSigV4UploadsAndVerifiesMultipartAndSinglePut() throws Exception {
        Map<String, String> c = config();
        c.put("signer", "v4-unsigned-payload");
        try (UploadTarget t = target(c)) {
            Path multi = TestFiles.random(dir, "unsigned.bin", 11 * MIB, 7);
            Path single = TestFiles.random(dir, "unsigned-small.bin", 1000, 8);
            UploadResult m = t.start(UploadRequest.builder(multi, "unsigned/multi.bin").build(), UploadListener.NONE).await();
            assertThat(m.checksum().kind()).isEqualTo(Checksum.Kind.PART_MD5S);
            assertThat(m.checksum()).isEqualTo(Checksums.of(multi, m.checksum()));
            assertThat(m.proof()).isEqualTo(UploadResult.Proof.STORED_CHECKSUM);
            assertThat(t.start(UploadRequest.builder(single, "unsigned/single.bin").build(), UploadListener.NONE).await().md5())
                    .contains(Checksums.md5Hex(single));
            assertThat(server.read(BUCKET, "unsigned/multi.bin")).isEqualTo(Files.readAllBytes(multi));
        }
        // Still authenticated: a wrong secret is refused with this signer too.
        Map<String, String> wrong = config();
        wrong.put("signer", "v4-unsigned-payload");
        wrong.put("secretKey", "not-the-secret");
        wrong.put("maxErrorRetry", "0");
        try (UploadTarget t = target(wrong)) {
            Path f = TestFiles.random(dir, "unsigned-denied.bin", 1000, 9);
            UploadException e = org.junit.jupiter.api.Assertions.assertThrows(UploadException.class,
                    () -> t.start(UploadRequest.builder(f, "unsigned/denied.bin").build(), UploadListener.NONE).await());
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        }
    }

    @Test
    void storesContentTypeFromExtensionAndThePartSizeThatLetsStatRecomputeTheEtag() throws Exception {
        try (UploadTarget t = target(config())) {
            Path single = TestFiles.random(dir, "rec.mp4", 1000, 5);
            Path multi = TestFiles.random(dir, "rec.flv", 11 * MIB, 6);
            t.start(UploadRequest.builder(single, "meta/rec.mp4").metadata("stream", "cam1").build(), UploadListener.NONE).await();
            t.start(UploadRequest.builder(multi, "meta/rec.flv").build(), UploadListener.NONE).await();
            ObjectMetadata s = server.admin.getObjectMetadata(BUCKET, "meta/rec.mp4");
            assertThat(s.getContentType()).isEqualTo("video/mp4");
            assertThat(s.getUserMetadata()).containsEntry("stream", "cam1").doesNotContainKey("md5");
            assertThat(s.getETag()).as("a single PUT's ETag is its MD5").isEqualTo(Checksums.md5Hex(single));
            ObjectMetadata m = server.admin.getObjectMetadata(BUCKET, "meta/rec.flv");
            assertThat(m.getContentType()).isEqualTo("video/x-flv");
            assertThat(m.getETag()).as("stored in parts").contains("-");
            assertThat(m.getUserMetadata()).containsEntry("part-size", String.valueOf(5 * MIB)).doesNotContainKey("md5");
            RemoteObject o = t.stat("meta/rec.flv").orElseThrow(AssertionError::new);
            assertThat(o.checksum()).hasValueSatisfying(c -> assertThat(c.partSize()).isEqualTo(5 * MIB));
            assertThat(Checksums.holdsFile(o, multi)).as("the ETag is recomputed from the local file").isTrue();
            assertThat(Checksums.holdsFile(o, single)).isFalse();
        }
    }

    @Test
    void aWrongPrecomputedMd5IsCaughtNotStoredAsProof() throws Exception {
        try (UploadTarget t = target(config())) {
            Path f = TestFiles.random(dir, "wrong-md5.mp4", 1000, 12);
            UploadException e = failure(t.start(UploadRequest.builder(f, "md5/wrong.mp4")
                    .md5("0123456789abcdef0123456789abcdef").build(), UploadListener.NONE));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("md5 given with the request", Checksums.md5Hex(f));
        }
    }

    @Test
    void keyPrefixScopesKeysListingAndAbort() throws Exception {
        Map<String, String> ca = config();
        ca.put("keyPrefix", "scope-a/");
        Map<String, String> cb = config();
        cb.put("keyPrefix", "scope-b/");
        String idA = server.admin.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "scope-a/x.mp4")).getUploadId();
        String idB = server.admin.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "scope-b/x.mp4")).getUploadId();
        try (UploadTarget a = target(ca); UploadTarget b = target(cb)) {
            List<IncompleteUpload> inA = a.listIncomplete("");
            assertThat(inA).extracting(IncompleteUpload::key).containsExactly("x.mp4");
            assertThat(inA.get(0).uploadId()).isEqualTo(idA);
            a.abort(inA.get(0).abortToken());
            assertThat(a.listIncomplete("")).isEmpty();
            assertThat(b.listIncomplete("")).extracting(IncompleteUpload::uploadId).containsExactly(idB);
            Path f = TestFiles.random(dir, "scoped.bin", 10, 7);
            a.start(UploadRequest.builder(f, "y.bin").build(), UploadListener.NONE).await();
            assertThat(server.read(BUCKET, "scope-a/y.bin")).isEqualTo(Files.readAllBytes(f));
            assertThat(a.stat("y.bin")).isPresent();
            assertThat(b.stat("y.bin")).isEmpty();
            b.abort(b.listIncomplete("").get(0).abortToken());
        }
    }

    @Test
    void listIncompleteFindsEveryUploadUnderThePrefix() throws Exception {
        Map<String, String> c = config();
        c.put("keyPrefix", "paged/");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(server.admin.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "paged/k" + i)).getUploadId());
        }
        try (UploadTarget t = target(c)) {
            List<IncompleteUpload> all = t.listIncomplete("");
            assertThat(all).extracting(IncompleteUpload::uploadId).containsExactlyInAnyOrderElementsOf(ids);
            for (IncompleteUpload u : all) {
                t.abort(u.abortToken());
            }
            assertThat(t.listIncomplete("")).isEmpty();
        }
    }

    @Test
    void listingFollowsPagesToTheEnd() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(server.admin.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "pages/k" + (i % 3)))
                    .getUploadId());
        }
        // Two per page: S3Proxy then answers truncated pages with key and upload-id markers.
        RemoteState paged = new RemoteState(server.admin, BUCKET, 2);
        assertThat(paged.listUploads("pages/")).extracting(u -> u.getUploadId()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(paged.isListed("pages/k1", ids.get(3))).as("id of k0 under k1").isFalse();
        assertThat(paged.isListed("pages/k1", ids.get(1))).isTrue();
        assertThat(paged.listParts(BUCKET, "pages/k0", ids.get(0))).isEmpty();
        for (int i = 0; i < 5; i++) {
            server.admin.abortMultipartUpload(new com.amazonaws.services.s3.model.AbortMultipartUploadRequest(BUCKET,
                    "pages/k" + (i % 3), ids.get(i)));
        }
        assertThat(paged.listUploads("pages/")).isEmpty();
    }

    /** A multipart upload begun like the original module did: no md5 metadata, parts 1-2 stored. */
    private String legacyMarker(Path file, String key, int storedParts) throws Exception {
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentType("video/mp4");
        String id = server.admin.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, meta)).getUploadId();
        for (int p = 1; p <= storedParts; p++) {
            server.admin.uploadPart(new UploadPartRequest().withBucketName(BUCKET).withKey(key).withUploadId(id)
                    .withPartNumber(p).withFile(file.toFile()).withFileOffset((p - 1) * 5 * MIB).withPartSize(5 * MIB));
        }
        return new PersistableUpload(BUCKET, key, file.toAbsolutePath().toString(), id, 5 * MIB, 16 * MIB).serialize();
    }

    @Test
    void resumesTheOriginalModulesPersistableUploadMarker() throws Exception {
        Path f = TestFiles.random(dir, "legacy.mp4", 3 * 5 * MIB + 17, 8);
        String marker = legacyMarker(f, "legacy/legacy.mp4", 2);
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        try (UploadTarget t = target(config())) {
            UploadResult r = t.resume(marker, UploadRequest.builder(f, "legacy/legacy.mp4").build(), new UploadListener() {
                @Override
                public void onResumeToken(String token) {
                    tokens.add(token);
                }
            }).await();
            assertThat(r.checksum()).as("proven by the bytes of the file").isEqualTo(Checksums.of(f, r.checksum()));
            assertThat(r.bytesSent()).as("only parts 3 and 4").isEqualTo(5 * MIB + 17);
            assertThat(server.md5(BUCKET, "legacy/legacy.mp4")).isEqualTo(Checksums.md5Hex(f));
            assertThat(tokens).as("the legacy marker is upgraded to a token with a fingerprint").hasSize(1);
            assertThat(tokens.get(0)).startsWith("{\"provider\":\"s3\"");
            assertThat(t.listIncomplete("legacy/")).isEmpty();
            // Begun without our part-size metadata; it is added by a copy in place, so stat proves the object.
            RemoteObject o = t.stat("legacy/legacy.mp4").orElseThrow(AssertionError::new);
            assertThat(r.confirmedBy(o)).isTrue();
            assertThat(Checksums.holdsFile(o, f)).isTrue();
            assertThat(server.admin.getObjectMetadata(BUCKET, "legacy/legacy.mp4").getContentType())
                    .as("the original's content type is kept").isEqualTo("video/mp4");
        }
    }

    @Test
    void anUploadTheOriginalModuleCompletedIsProvenByItsEtagAndGivenItsMd5() throws Exception {
        // The original module completed the upload; Wowza stopped before it deleted the marker.
        Path f = TestFiles.random(dir, "done.mp4", 3 * 5 * MIB + 17, 9);
        String key = "legacy/done.mp4";
        String marker = legacyMarker(f, key, 4);
        completeAsTheOriginalDid(key, marker);
        try (UploadTarget t = target(config())) {
            UploadResult r = t.resume(marker, UploadRequest.builder(f, key).build(), UploadListener.NONE).await();
            assertThat(r.bytesSent()).as("the object is there: nothing sent").isZero();
            RemoteObject o = t.stat(key).orElseThrow(AssertionError::new);
            assertThat(r.confirmedBy(o)).isTrue();
            assertThat(Checksums.holdsFile(o, f)).isTrue();
        }
        assertThat(server.md5(BUCKET, key)).isEqualTo(Checksums.md5Hex(f));
    }

    @Test
    void aCompletedUploadStillWithoutMd5MetadataIsProvenFromAFingerprintedToken() throws Exception {
        // The legacy marker was upgraded to our token, then the target closed between the upload's
        // completion and the copy that adds the metadata.
        Path f = TestFiles.random(dir, "closed.mp4", 3 * 5 * MIB + 17, 11);
        String key = "legacy/closed.mp4";
        String marker = legacyMarker(f, key, 4);
        completeAsTheOriginalDid(key, marker);
        String uploadId = (String) Json.parseObject(marker).get("multipartUploadId");
        String md5 = Checksums.md5Hex(f);
        String token = S3ResumeToken.of(BUCKET, key, uploadId, 5 * MIB, 16 * MIB, f.toString(), Files.size(f),
                Files.getLastModifiedTime(f).toMillis(), md5, null).toJson();
        try (UploadTarget t = target(config())) {
            UploadResult r = t.resume(token, UploadRequest.builder(f, key).build(), UploadListener.NONE).await();
            assertThat(r.bytesSent()).isZero();
            RemoteObject o = t.stat(key).orElseThrow(AssertionError::new);
            assertThat(r.confirmedBy(o)).isTrue();
            assertThat(Checksums.holdsFile(o, f)).isTrue();
        }
    }

    @Test
    void md5BackfillCopiesALargeObjectInParts() throws Exception {
        Path f = TestFiles.random(dir, "large.mp4", 3 * 5 * MIB + 17, 10);
        String key = "legacy/large.mp4";
        completeAsTheOriginalDid(key, legacyMarker(f, key, 4));
        S3Settings settings = S3Settings.parse(config());
        ObservedS3Client client = S3ClientFactory.create(settings);
        try (Md5Backfill backfill = new Md5Backfill(client, settings, 5 * MIB)) {
            ObjectMetadata before = server.admin.getObjectMetadata(BUCKET, key);
            backfill.addMetadata(key, before, StoredChecksum.PART_SIZE_METADATA, String.valueOf(backfill.copyPartSize()));
        } finally {
            client.shutdown();
        }
        ObjectMetadata after = server.admin.getObjectMetadata(BUCKET, key);
        assertThat(after.getUserMetadata()).containsEntry("part-size", String.valueOf(5 * MIB));
        assertThat(after.getContentType()).isEqualTo("video/mp4");
        assertThat(after.getETag()).as("copied in parts").matches(".*-\\d+");
        Checksum stored = StoredChecksum.of(after);
        assertThat(stored).as("the copy's ETag is recomputed from the local file").isEqualTo(Checksums.of(f, stored));
        assertThat(server.md5(BUCKET, key)).isEqualTo(Checksums.md5Hex(f));
    }

    private void completeAsTheOriginalDid(String key, String marker) {
        String uploadId = (String) Json.parseObject(marker).get("multipartUploadId");
        List<PartETag> parts = new ArrayList<>();
        for (PartSummary p : server.admin.listParts(new ListPartsRequest(BUCKET, key, uploadId)).getParts()) {
            parts.add(new PartETag(p.getPartNumber(), p.getETag()));
        }
        server.admin.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, parts));
    }

    @Test
    void legacyMarkerOfAChangedFileHasTheDifferingStoredPartSentAgain() throws Exception {
        Path f = TestFiles.random(dir, "changed.mp4", 3 * 5 * MIB + 17, 9);
        String marker = legacyMarker(f, "legacy/changed.mp4", 2);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(5 * MIB + 100); // inside stored part 2; same size, so only the ETags can tell
            raf.write(new byte[] {1, 2, 3, 4});
        }
        try (UploadTarget t = target(config())) {
            UploadResult r = t.resume(marker, UploadRequest.builder(f, "legacy/changed.mp4").build(), UploadListener.NONE).await();
            assertThat(r.bytesSent()).as("part 2 again, then parts 3 and 4").isEqualTo(2 * 5 * MIB + 17);
            assertThat(server.read(BUCKET, "legacy/changed.mp4")).isEqualTo(Files.readAllBytes(f));
            assertThat(r.checksum()).as("proven by the bytes of the file").isEqualTo(Checksums.of(f, r.checksum()));
            assertThat(t.listIncomplete("legacy/changed")).isEmpty();
        }
    }

    @Test
    void tokenForAnotherKeyIsRejected() throws Exception {
        Path f = TestFiles.random(dir, "other.mp4", 3 * 5 * MIB + 17, 10);
        String marker = legacyMarker(f, "legacy/other.mp4", 1);
        try (UploadTarget t = target(config())) {
            UploadException e = assertThrows(UploadException.class,
                    () -> t.resume(marker, UploadRequest.builder(f, "legacy/not-the-same.mp4").build(), UploadListener.NONE));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.RESUME_REJECTED);
            t.abort(marker);
        }
    }

    @Test
    void uploads200MBInPartsOfTheDefaultSizeAndVerifiesTheMd5() throws Exception {
        long size = 200_000_000L;
        Path f = TestFiles.random(dir, "big.mp4", size, 11);
        String md5 = Checksums.md5Hex(f);
        Map<String, String> c = config();
        c.remove("partSize"); // the default, 16 MiB: 12 parts (11 full, 1 of 8.9 MiB)
        c.remove("multipartThreshold");
        try (UploadTarget t = target(c)) {
            long started = System.nanoTime();
            UploadResult r = t.start(UploadRequest.builder(f, "big/200MB.mp4").md5(md5).build(), UploadListener.NONE).await();
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(r.checksum()).as("proven by the bytes of the file").isEqualTo(Checksums.of(f, r.checksum()));
            assertThat(r.size()).isEqualTo(size);
            ObjectMetadata m = server.admin.getObjectMetadata(BUCKET, "big/200MB.mp4");
            assertThat(m.getETag()).as("stored in 12 parts of the default 16 MiB").endsWith("-12");
            assertThat(server.md5(BUCKET, "big/200MB.mp4")).isEqualTo(md5);
            String line = String.format("200 MB upload (16 MiB parts, 4 threads, SigV4, in-process S3Proxy): %.2f s, %.1f MiB/s%n",
                    seconds, size / (double) MIB / seconds);
            System.out.print(line);
            Files.writeString(Path.of("target", "s3-measurements.txt"), line,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
