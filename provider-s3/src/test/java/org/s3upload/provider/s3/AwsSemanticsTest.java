package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.s3upload.provider.s3.AwsEmulatingProxy.ABORT;
import static org.s3upload.provider.s3.AwsEmulatingProxy.GET_OBJECT;
import static org.s3upload.provider.s3.AwsEmulatingProxy.LIST_BUCKET;
import static org.s3upload.provider.s3.AwsEmulatingProxy.LIST_PARTS;
import static org.s3upload.provider.s3.AwsEmulatingProxy.PUT_OBJECT;
import static org.s3upload.provider.s3.AwsEmulatingProxy.PUT_OBJECT_ACL;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;
import org.s3upload.internal.Json;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;
import org.s3upload.provider.s3.AwsEmulatingProxy.Recorded;

import com.amazonaws.services.s3.model.AbortMultipartUploadRequest;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.ObjectMetadata;

/**
 * The provider against answers of real Amazon S3 that S3Proxy does not give, emulated by
 * {@link AwsEmulatingProxy} (the AWS documentation of each answer is cited there).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AwsSemanticsTest {
    private static final String BUCKET = "aws-semantics";
    private static final long MIB = 1L << 20;
    /** The policy docs/OPERATOR-GUIDE.md documents as the minimum: no s3:ListBucket. */
    static final String[] MINIMAL_POLICY = {PUT_OBJECT, GET_OBJECT, ABORT, LIST_PARTS};

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET).ignoringUnknownHeaders();
    @RegisterExtension
    final ProxyInFront<AwsEmulatingProxy> aws = ProxyInFront.awsEmulating(S3);

    @TempDir
    Path dir;

    @BeforeEach
    void forgetBucketRegions() {
        BucketRegion.clearCache();
    }

    private Map<String, String> config() {
        Map<String, String> c = S3.server().config(BUCKET);
        c.put("endpoint", aws.proxy().endpoint());
        c.put("maxErrorRetry", "0");
        return c;
    }

    private static UploadTarget target(Map<String, String> config) throws UploadException {
        return new S3UploadTargetProvider().create(config);
    }

    private static UploadException failure(Upload u) {
        return assertThrows(UploadException.class, () -> u.await(60, TimeUnit.SECONDS));
    }

    /** Uploads a small new file to {@code key} and returns its failure, asserted PERMANENT. */
    private UploadException permanentFailure(UploadTarget t, String key, long seed) throws Exception {
        Path f = TestFiles.random(dir, "f" + seed + ".mp4", 1000, seed);
        UploadException e = failure(t.start(UploadRequest.builder(f, key).build(), UploadListener.NONE));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(UploadException.Kind.PERMANENT);
        return e;
    }

    // ---- item 1: a missing key answers 403 without s3:ListBucket

    @Test
    void underTheMinimalPolicyAMissingKeyIsAbsentAndTheUploadSucceeds() throws Exception {
        aws.proxy().allowOnly(MINIMAL_POLICY);
        try (UploadTarget t = target(config())) {
            assertThat(t.stat("policy/new.mp4")).as("403 without s3:ListBucket means no object").isEmpty();
            assertThat(aws.proxy().requests()).anyMatch(r -> r.method.equals("HEAD") && r.status == 403);
            Path small = TestFiles.random(dir, "small.mp4", 100_000, 1);
            Path large = TestFiles.random(dir, "large.mp4", 12 * MIB + 3, 2);
            t.start(UploadRequest.builder(small, "policy/small.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS);
            t.start(UploadRequest.builder(large, "policy/large.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS);
            String smallMd5 = Checksums.md5Hex(small);
            assertThat(t.stat("policy/small.mp4")).hasValueSatisfying(o -> assertThat(o.md5()).contains(smallMd5));
            assertThat(S3.server().md5(BUCKET, "policy/large.mp4")).isEqualTo(Checksums.md5Hex(large));
        }
    }

    @Test
    void withListBucketAMissingKeyIs404AndNoListingIsNeeded() throws Exception {
        aws.proxy().allowOnly(PUT_OBJECT, GET_OBJECT, ABORT, LIST_PARTS, LIST_BUCKET);
        try (UploadTarget t = target(config())) {
            aws.proxy().clearRecorded();
            assertThat(t.stat("policy/absent.mp4")).isEmpty();
            assertThat(aws.proxy().requests()).extracting(r -> r.method + " " + r.status).containsExactly("HEAD 404");
        }
    }

    @Test
    void anObjectThatExistsButMayNotBeReadIsForbiddenNotAbsent() throws Exception {
        putString("policy/unreadable.mp4", "x");
        aws.proxy().allowOnly(PUT_OBJECT, LIST_BUCKET);
        try (UploadTarget t = target(config())) {
            UploadException e = assertThrows(UploadException.class, () -> t.stat("policy/unreadable.mp4"));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("s3:GetObject");
            assertThat(t.stat("policy/really-absent.mp4")).as("listed as absent").isEmpty();
        }
    }

    @Test
    void withoutGetObjectTheUploadFailsNamingIt() throws Exception {
        aws.proxy().allowOnly(PUT_OBJECT, ABORT, LIST_PARTS);
        try (UploadTarget t = target(config())) {
            assertThat(permanentFailure(t, "policy/noget.mp4", 3).getMessage()).contains("s3:GetObject");
        }
    }

    @Test
    void underTheMinimalPolicyAnUploadWithNoPartYetResumes() throws Exception {
        aws.proxy().allowOnly(MINIMAL_POLICY);
        Path f = TestFiles.random(dir, "noparts.mp4", 11 * MIB, 12);
        org.s3upload.spi.support.FileFingerprint fp = org.s3upload.spi.support.FileFingerprint.of(f);
        // Begun as the provider begins one (md5 metadata), then interrupted before any part was stored.
        ObjectMetadata meta = new ObjectMetadata();
        meta.addUserMetadata("md5", Checksums.md5Hex(f));
        String id = S3.server().admin.initiateMultipartUpload(
                new com.amazonaws.services.s3.model.InitiateMultipartUploadRequest(BUCKET, "policy/noparts.mp4", meta)).getUploadId();
        String token = S3ResumeToken.of(BUCKET, "policy/noparts.mp4", id, 5 * MIB, 5 * MIB, f.toString(), fp.size(),
                fp.modifiedMillis(), Checksums.md5Hex(f), "video/mp4").toJson();
        try (UploadTarget t = target(config())) {
            t.resume(token, UploadRequest.builder(f, "policy/noparts.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS);
        }
        assertThat(S3.server().md5(BUCKET, "policy/noparts.mp4")).isEqualTo(Checksums.md5Hex(f));
    }

    // ---- issue 10 item 12: a fresh multipart upload aborted elsewhere

    @Test
    void aFreshMultipartUploadAbortedElsewhereIsRejectedForAFreshStartNotFailedForGood() throws Exception {
        Path f = TestFiles.random(dir, "aborted.mp4", 20 * MIB, 4);
        String[] uploadId = new String[1];
        try (UploadTarget t = target(config())) {
            Upload u = t.start(UploadRequest.builder(f, "gone/aborted.mp4").build(), new UploadListener() {
                @Override
                public void onResumeToken(String token) {
                    // Another server's cleanup aborts the upload before a part arrives.
                    uploadId[0] = (String) Json.parseObject(token).get("uploadId");
                    abortThroughTheProxy("gone/aborted.mp4", uploadId[0]);
                }
            });
            UploadException e = failure(u);
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(UploadException.Kind.RESUME_REJECTED);
            assertThat(e.getMessage()).contains("NoSuchUpload").contains("afresh");
            // SDK 1.10.77 lists the parts of a fresh upload before sending any: that is where it shows.
            assertThat(aws.proxy().requests()).anyMatch(r -> r.hasParam("uploadId") && r.status == 404);
            // What the caller then does: start again, which succeeds.
            t.start(UploadRequest.builder(f, "gone/aborted.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS);
            assertThat(S3.server().md5(BUCKET, "gone/aborted.mp4")).isEqualTo(Checksums.md5Hex(f));
        }
    }

    private void abortThroughTheProxy(String key, String id) {
        com.amazonaws.services.s3.AmazonS3Client viaProxy = adminViaProxy();
        try {
            viaProxy.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, key, id));
        } finally {
            viaProxy.shutdown();
        }
    }

    private com.amazonaws.services.s3.AmazonS3Client adminViaProxy() {
        com.amazonaws.ClientConfiguration cc = new com.amazonaws.ClientConfiguration();
        cc.setSignerOverride("AWSS3V4SignerType");
        com.amazonaws.services.s3.AmazonS3Client c = new com.amazonaws.services.s3.AmazonS3Client(
                new com.amazonaws.auth.BasicAWSCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY), cc);
        c.setEndpoint(aws.proxy().endpoint());
        c.setSignerRegionOverride("us-east-1");
        c.setS3ClientOptions(new com.amazonaws.services.s3.S3ClientOptions().withPathStyleAccess(true));
        return c;
    }

    // ---- item 2: regions

    @Test
    void withoutARegionTheBucketsRegionIsLearntFromAnAuthorizationHeaderMalformedAnswer() throws Exception {
        uploadsToABucketInAnotherRegion(AwsEmulatingProxy.WrongRegion.MALFORMED);
    }

    @Test
    void withoutARegionTheBucketsRegionIsLearntFromAPermanentRedirect() throws Exception {
        uploadsToABucketInAnotherRegion(AwsEmulatingProxy.WrongRegion.REDIRECT);
    }

    private void uploadsToABucketInAnotherRegion(AwsEmulatingProxy.WrongRegion answer) throws Exception {
        aws.proxy().bucketRegion(BUCKET, "eu-west-1").wrongRegionAnswer(answer).allowOnly(MINIMAL_POLICY);
        try (UploadTarget t = target(config())) {
            assertThat(t.fingerprint()).contains("region eu-west-1");
            Path f = TestFiles.random(dir, "region.mp4", 7 * MIB, 5);
            t.start(UploadRequest.builder(f, "region/" + answer + ".mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS);
            assertThat(S3.server().md5(BUCKET, "region/" + answer + ".mp4")).isEqualTo(Checksums.md5Hex(f));
        }
        List<Recorded> signedWrong = aws.proxy().requests().stream().filter(r -> r.status == 301 || r.status == 400)
                .collect(Collectors.toList());
        assertThat(signedWrong).as("only the one HEAD that asked for the region").hasSize(1);
        assertThat(signedWrong.get(0).method).isEqualTo("HEAD");
        // Cached: a second target of the same bucket does not ask again.
        aws.proxy().clearRecorded();
        try (UploadTarget t = target(config())) {
            assertThat(t.fingerprint()).contains("region eu-west-1");
        }
        assertThat(aws.proxy().requests()).isEmpty();
    }

    @Test
    void aWrongConfiguredRegionIsOnePermanentErrorNamingTheRightOne() throws Exception {
        aws.proxy().bucketRegion(BUCKET, "eu-west-1");
        Map<String, String> c = config();
        c.put("region", "us-west-2");
        UploadException e = assertThrows(UploadException.class, () -> target(c));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("eu-west-1").contains("'region'");
    }

    @Test
    void aRegionErrorDuringAnUploadNamesTheBucketsRegion() throws Exception {
        Map<String, String> c = config();
        c.put("region", "us-west-2");
        try (UploadTarget t = target(c)) {
            aws.proxy().bucketRegion(BUCKET, "ap-south-1"); // the bucket "moved" after the target was made
            assertThat(permanentFailure(t, "region/moved.mp4", 6).getMessage()).contains("set 'region' to ap-south-1");
        }
    }

    // ---- item 7: buckets that reject ACLs

    @Test
    void anAclOnABucketOwnerEnforcedBucketIsPermanentAndNamesThePropertyAndTheBucketSetting() throws Exception {
        aws.proxy().enforceBucketOwner(BUCKET);
        Map<String, String> c = config();
        c.put("cannedAcl", "public-read");
        try (UploadTarget t = target(c)) {
            assertThat(permanentFailure(t, "acl/acl.mp4", 7).getMessage()).contains("AccessControlListNotSupported").contains("'cannedAcl'")
                    .contains("Bucket owner enforced");
        }
        // (bucket-owner-full-control, the one ACL such buckets accept, cannot be shown here: S3Proxy
        // 4.0.0 implements only the private and public-read canned ACLs and answers 501 to it.)
    }

    // ---- item 8: what the settings put on the wire

    @Test
    void aclStorageClassAndSseS3ReachTheStoreOnEveryWrite() throws Exception {
        aws.proxy().allowOnly(PUT_OBJECT, GET_OBJECT, ABORT, LIST_PARTS, PUT_OBJECT_ACL);
        Map<String, String> c = config();
        c.put("cannedAcl", "public-read"); // S3Proxy implements private and public-read only
        c.put("storageClass", "standard_ia");
        c.put("sse", "AES256");
        try (UploadTarget t = target(c)) {
            Path small = TestFiles.random(dir, "wire.mp4", 1000, 9);
            Path large = TestFiles.random(dir, "wire-large.mp4", 11 * MIB, 10);
            t.start(UploadRequest.builder(small, "wire/small.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS);
            t.start(UploadRequest.builder(large, "wire/large.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS);
        }
        List<Recorded> creating = aws.proxy().requests().stream()
                .filter(r -> (r.method.equals("PUT") && !r.hasParam("partNumber"))
                || (r.method.equals("POST") && r.hasParam("uploads"))).collect(Collectors.toList());
        assertThat(creating).hasSize(2);
        for (Recorded r : creating) {
            assertThat(r.header("x-amz-acl")).as(r.toString()).isEqualTo("public-read");
            assertThat(r.header("x-amz-storage-class")).as(r.toString()).isEqualTo("STANDARD_IA");
            assertThat(r.header("x-amz-server-side-encryption")).as(r.toString()).isEqualTo("AES256");
        }
    }

    // SSE-KMS cannot be shown on this wire: SDK 1.10.77 refuses to send SSE-KMS parameters over
    // plain http (it requires https for them), and the emulation speaks http. S3SettingsTest and
    // WriteOptions cover how they are built.

    // ---- item 5: the copy in place is conditional on the proven ETag

    @Test
    void theMetadataCopyInPlaceCopiesOnlyTheObjectThatWasProvenAndKeepsTheWriteOptions() throws Exception {
        Map<String, String> c = config();
        c.put("storageClass", "STANDARD_IA");
        c.put("sse", "AES256");
        S3Settings s = S3Settings.parse(c);
        putString("copy/proven.mp4", "the proven bytes");
        com.amazonaws.services.s3.AmazonS3Client viaProxy = adminViaProxy();
        try (Md5Backfill backfill = new Md5Backfill(viaProxy, s)) {
            ObjectMetadata proven = viaProxy.getObjectMetadata(BUCKET, "copy/proven.mp4");
            putString("copy/proven.mp4", "another writer's bytes");
            AmazonS3Exception e = assertThrows(AmazonS3Exception.class, () -> backfill.addMetadata("copy/proven.mp4", proven, StoredChecksum.PART_SIZE_METADATA, "0123"));
            assertThat(e.getStatusCode()).isEqualTo(412);
            assertThat(S3.server().admin.getObjectMetadata(BUCKET, "copy/proven.mp4").getUserMetadata())
                    .doesNotContainKey(StoredChecksum.PART_SIZE_METADATA);

            ObjectMetadata current = viaProxy.getObjectMetadata(BUCKET, "copy/proven.mp4");
            backfill.addMetadata("copy/proven.mp4", current, StoredChecksum.PART_SIZE_METADATA, "4567");
            assertThat(S3.server().admin.getObjectMetadata(BUCKET, "copy/proven.mp4").getUserMetadata())
                    .containsEntry(StoredChecksum.PART_SIZE_METADATA, "4567");
        } finally {
            viaProxy.shutdown();
        }
        List<Recorded> copies = aws.proxy().requests().stream().filter(r -> r.header("x-amz-copy-source") != null)
                .collect(Collectors.toList());
        assertThat(copies).hasSize(2);
        for (Recorded r : copies) {
            assertThat(r.header("x-amz-copy-source-if-match")).isNotNull();
            assertThat(r.header("x-amz-storage-class")).isEqualTo("STANDARD_IA");
            assertThat(r.header("x-amz-server-side-encryption")).isEqualTo("AES256");
        }
    }

    private static void putString(String key, String content) {
        byte[] b = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(b.length);
        S3.server().admin.putObject(BUCKET, key, new java.io.ByteArrayInputStream(b), m);
    }

    // ---- the emulation itself answers as documented

    @Test
    void contentMd5ThatDoesNotMatchTheBodyIsBadDigestAndNothingIsStored() throws Exception {
        aws.proxy().corruptNextBody(r -> r.method.equals("PUT"));
        com.amazonaws.services.s3.AmazonS3Client viaProxy = adminViaProxy();
        try {
            ObjectMetadata m = new ObjectMetadata();
            m.setContentMD5(java.util.Base64.getEncoder().encodeToString(Checksums.newMd5().digest("payload".getBytes())));
            m.setContentLength(7);
            AmazonS3Exception e = assertThrows(AmazonS3Exception.class, () -> viaProxy.putObject(BUCKET, "digest/bad",
                    new java.io.ByteArrayInputStream("payload".getBytes()), m));
            assertThat(e.getErrorCode()).isEqualTo("BadDigest");
            assertThat(S3.server().admin.doesObjectExist(BUCKET, "digest/bad")).isFalse();
        } finally {
            viaProxy.shutdown();
        }
    }
}
