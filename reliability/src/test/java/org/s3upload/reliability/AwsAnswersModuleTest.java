package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.s3upload.provider.s3.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.s3upload.provider.s3.AwsEmulatingProxy;
import org.s3upload.wowza.engine.Await;

/**
 * The real module (s3 provider) against answers of Amazon S3 that S3Proxy does not give, emulated
 * by {@link AwsEmulatingProxy}: an upload id aborted elsewhere, a wrong region, a bucket that
 * refuses ACLs. Each ends as the operator guide says: uploaded, or one ERROR naming the fix.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AwsAnswersModuleTest extends AwsEmulatedStore {
    private Host host() throws Exception {
        Host h = new Host(dir.resolve("content"));
        h.set("s3UploadBucketName", BUCKET).set("s3UploadEndpoint", aws.proxy().endpoint())
                .set("s3UploadAccessKey", S3ProxyServer.ACCESS_KEY).set("s3UploadSecretKey", S3ProxyServer.SECRET_KEY);
        return h;
    }

    /** Issue 10 item 12: a fresh multipart upload whose id another server aborted is started again, not FAILED. */
    @Test
    void aFreshMultipartUploadAbortedElsewhereIsStartedAgainAndUploads() throws Exception {
        aws.proxy().abortUploadAt(r -> r.hasParam("uploadId"));
        try (Host h = host()) {
            // Multipart from 5 MiB on, to keep the bytes sent small.
            h.set("s3Upload.s3.multipartThreshold", "5MiB").set("s3Upload.s3.partSize", "5MiB");
            Path rec = h.write("aborted.mp4", Host.bytes(6 * (1 << 20) + 3, 1));
            byte[] bytes = Files.readAllBytes(rec);
            h.start();
            h.awaitReady();
            h.finish(rec);
            h.awaitSettled(1, 0);
            assertThat(S3.server().read(BUCKET, "aborted.mp4")).isEqualTo(bytes);
            assertThat(h.status().failed()).isZero();
            assertThat(h.log.at("ERROR")).isEmpty();
            assertThat(aws.proxy().requests()).anyMatch(r -> r.hasParam("uploadId") && r.status == 404);
            assertThat(h.log.lines()).anyMatch(l -> l.contains("NoSuchUpload") && l.contains("from the start"));
        }
    }

    /** Item 2: a configured region that is wrong is one ERROR naming the right one; recordings wait, journalled. */
    @Test
    void aWrongRegionIsOneErrorNamingTheRightOneAndRecordingsAreJournalled() throws Exception {
        aws.proxy().bucketRegion(BUCKET, "eu-west-1");
        try (Host h = host()) {
            h.set("s3UploadRegion", "us-west-2");
            h.start();
            Await.until("the configuration error", () -> !h.log.at("ERROR").isEmpty(), h.log::toString);
            Path rec = h.write("waits.mp4", Host.bytes(1000, 2));
            h.finish(rec);
            assertThat(h.log.at("ERROR")).hasSize(1);
            assertThat(h.log.at("ERROR").get(0)).contains("eu-west-1").contains("us-west-2").contains("journalled");
            assertThat(h.markers()).containsExactly(rec.resolveSibling("waits.mp4.upload"));
        }
    }

    /** Item 7: an ACL on a bucket that refuses ACLs is one ERROR naming the property and the bucket setting. */
    @Test
    void anAclOnABucketWithAclsDisabledIsOneErrorNamingThePropertyAndTheBucketSetting() throws Exception {
        aws.proxy().enforceBucketOwner(BUCKET);
        try (Host h = host()) {
            h.set("s3UploadCannedAcl", "public-read");
            Path rec = h.write("acl.mp4", Host.bytes(1000, 3));
            h.start();
            h.awaitReady();
            h.finish(rec);
            h.awaitSettled(0, 1);
            assertThat(h.log.at("ERROR")).hasSize(1);
            assertThat(h.log.at("ERROR").get(0)).contains("AccessControlListNotSupported").contains("s3UploadCannedAcl")
                    .contains("Bucket owner enforced").contains("failed permanently");
            assertThat(rec).exists();
        }
    }
}
