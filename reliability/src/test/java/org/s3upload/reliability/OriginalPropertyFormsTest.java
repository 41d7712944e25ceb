package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.s3upload.provider.s3.AwsEmulatingProxy.ABORT;
import static org.s3upload.provider.s3.AwsEmulatingProxy.GET_OBJECT;
import static org.s3upload.provider.s3.AwsEmulatingProxy.LIST_BUCKET;
import static org.s3upload.provider.s3.AwsEmulatingProxy.LIST_PARTS;
import static org.s3upload.provider.s3.AwsEmulatingProxy.PUT_OBJECT;
import static org.s3upload.provider.s3.AwsEmulatingProxy.PUT_OBJECT_ACL;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.s3upload.provider.s3.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.s3upload.provider.s3.AwsEmulatingProxy;

/**
 * Migration is a JAR swap: the real module, configured only with the original ModuleS3Upload's
 * properties in the forms its documentation and code accepted (shared/reference/original-module.md,
 * the property table), uploads through the s3 provider to a store that answers as Amazon S3 does
 * ({@link AwsEmulatingProxy}: IAM policy, 403 for a missing key without s3:ListBucket, bucket
 * regions). Forms the original tolerated by ignoring them still upload, with a WARN.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OriginalPropertyFormsTest extends AwsEmulatedStore {
    private static final int MIB = 1 << 20;
    /** The minimal policy docs/OPERATOR-GUIDE.md documents (no s3:ListBucket). */
    private static final String[] MINIMAL = {PUT_OBJECT, GET_OBJECT, ABORT, LIST_PARTS};

    /** The 2016 README's rows: static keys, bucket, resume, and the misspelt delete property. */
    @Test
    void the2016ReadmeFormUnderTheMinimalPolicy() throws Exception {
        aws.proxy().allowOnly(MINIMAL);
        try (Host h = new Host(dir.resolve("content"))) {
            h.set("s3UploadAccessKey", S3ProxyServer.ACCESS_KEY).set("s3UploadSecretKey", S3ProxyServer.SECRET_KEY)
                    .set("s3UploadBucketName", BUCKET).set("s3UploadResumeUploads", "true")
                    .set("s3UploadDeletOriginalFiles", "true").set("s3UploadEndpoint", aws.proxy().endpoint());
            Path small = h.write("readme.mp4", Host.bytes(70_000, 1));
            Path large = h.write("readme-large.mp4", Host.bytes(17 * MIB + 5, 2));
            byte[] smallBytes = Files.readAllBytes(small);
            byte[] largeBytes = Files.readAllBytes(large);
            uploads(h, small, large);
            assertThat(S3.server().read(BUCKET, "readme.mp4")).isEqualTo(smallBytes);
            assertThat(S3.server().read(BUCKET, "readme-large.mp4")).isEqualTo(largeBytes);
            assertThat(small).as("s3UploadDeletOriginalFiles (sic) deleted the local file").doesNotExist();
            assertThat(aws.proxy().requests()).as("a missing key answered 403, as without s3:ListBucket")
                    .anyMatch(r -> r.method.equals("HEAD") && r.status == 403);
            assertThat(h.log.at("WARN")).isEmpty();
        }
    }

    /** Every property of Build 55, profile credentials, the bucket check and a canned ACL. */
    @Test
    void theBuild55FormWithAProfileTheBucketCheckAndACannedAcl() throws Exception {
        aws.proxy().allowOnly(PUT_OBJECT, GET_OBJECT, ABORT, LIST_PARTS, LIST_BUCKET, PUT_OBJECT_ACL)
                .bucketRegion(BUCKET, "eu-west-1");
        try (Host h = new Host(dir.resolve("content"))) {
            h.set("s3UploadBucketName", BUCKET).set("s3UploadEndpoint", aws.proxy().endpoint())
                    .set("s3UploadAwsProfile", "wowza").set("s3UploadAwsProfilePath", profileFile().toString())
                    .set("s3UploadRegion", "eu-west-1").set("s3UploadUseDefaultRegion", "true")
                    .set("s3UploadAllowBucketRegionOverride", "true").set("s3UploadCheckBucket", "true")
                    .set("s3UploadCannedAcl", "public-read") // S3Proxy implements private and public-read only
                    .set("s3UploadDebugLog", "true").set("s3UploadResumeUploads", "true")
                    .set("s3UploadRestartFailedUploads", "true").set("s3UploadRestartFailedUploadTimeout", "60000")
                    .set("s3UploadVersionFile", "true").set("s3UploadStripRecorderVersioning", "true")
                    .set("s3UploadDeleteOriginalFiles", "false").set("s3UploadDelay", "0")
                    .set("s3UploadFilePrefix", "archive");
            Path small = h.write("build55.mp4", Host.bytes(50_000, 3));
            Path large = h.write("build55-large.mp4", Host.bytes(17 * MIB + 9, 4));
            uploads(h, small, large);
            assertThat(S3.server().read(BUCKET, "archive/build55.mp4")).isEqualTo(Files.readAllBytes(small));
            assertThat(S3.server().read(BUCKET, "archive/build55-large.mp4")).isEqualTo(Files.readAllBytes(large));
            assertThat(aws.proxy().requests()).filteredOn(r -> r.method.equals("PUT") && r.path.endsWith("build55.mp4"))
                    .allMatch(r -> "public-read".equals(r.header("x-amz-acl")));
            assertThat(aws.proxy().requests()).as("every request signed for the bucket's region")
                    .allMatch(r -> r.header("authorization") == null || r.header("authorization").contains("/eu-west-1/s3/"));
            assertThat(h.log.at("WARN")).isEmpty();
        }
    }

    /**
     * What the original ignored: an unknown canned ACL (compared exactly), a grantee without a
     * permission, an access key without a secret key (then the profile), and no region at all.
     */
    @Test
    void formsTheOriginalIgnoredStillUploadWithAWarnEach() throws Exception {
        // No s3:PutObjectAcl: an ACL sent anyway would be refused.
        aws.proxy().allowOnly(MINIMAL).bucketRegion(BUCKET, "ap-southeast-2");
        try (Host h = new Host(dir.resolve("content"))) {
            h.set("s3UploadBucketName", BUCKET).set("s3UploadEndpoint", aws.proxy().endpoint())
                    .set("s3UploadCannedAcl", "Private")
                    .set("s3UploadACLGroupGranteeUri", "http://acs.amazonaws.com/groups/global/AllUsers")
                    .set("s3UploadAccessKey", "AKIA-WITHOUT-SECRET")
                    .set("s3UploadAwsProfile", "wowza").set("s3UploadAwsProfilePath", profileFile().toString());
            Path small = h.write("tolerated.mp4", Host.bytes(40_000, 5));
            Path large = h.write("tolerated-large.mp4", Host.bytes(17 * MIB + 1, 6));
            uploads(h, small, large);
            assertThat(S3.server().read(BUCKET, "tolerated.mp4")).isEqualTo(Files.readAllBytes(small));
            assertThat(S3.server().read(BUCKET, "tolerated-large.mp4")).isEqualTo(Files.readAllBytes(large));
            assertThat(aws.proxy().requests())
                    .noneMatch(r -> r.header("x-amz-acl") != null || r.header("x-amz-grant-read") != null);
            assertThat(h.log.at("WARN")).hasSize(3);
            assertThat(h.log.count("WARN", "s3UploadCannedAcl 'Private'")).isEqualTo(1);
            assertThat(h.log.count("WARN", "s3UploadACLPermissionRule is not set")).isEqualTo(1);
            assertThat(h.log.count("WARN", "s3UploadAccessKey is set without s3UploadSecretKey")).isEqualTo(1);
            assertThat(h.log.lines()).noneMatch(l -> l.contains("AKIA-WITHOUT-SECRET") && l.startsWith("WARN"));
            assertThat(h.log.lines()).anyMatch(l -> l.contains("region ap-southeast-2, as S3 reports for the bucket"));
        }
    }

    /** Starts the module, finishes both recordings, and waits for both verified uploads, with no ERROR. */
    private static void uploads(Host h, Path small, Path large) throws Exception {
        h.start();
        h.awaitReady();
        h.finish(small);
        h.finish(large);
        h.awaitSettled(2, 0);
        assertThat(h.log.at("ERROR")).isEmpty();
        assertThat(h.status().failed()).isZero();
    }

    private Path profileFile() throws Exception {
        Path f = dir.resolve("credentials");
        Files.write(f, ("[wowza]\naws_access_key_id = " + S3ProxyServer.ACCESS_KEY + "\naws_secret_access_key = "
                + S3ProxyServer.SECRET_KEY + "\n").getBytes(StandardCharsets.UTF_8));
        return f;
    }
}
