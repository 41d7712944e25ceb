package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.host.Bucket;

/**
 * Every configuration property given an invalid value: the module starts anyway (Wowza keeps
 * streaming), logs one ERROR that names the property (or the provider key it feeds), journals the
 * recording so that it uploads once the configuration is fixed, and uploads nothing meanwhile.
 */
class InvalidConfigurationTest {
    @TempDir
    Path dir;

    /** property, invalid value, what the ERROR must name. Rows for the s3 provider set a valid s3 base. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("s3UploadDelay", "-1", "s3UploadDelay"),
                Arguments.of("s3UploadDelay", "soon", "s3UploadDelay"),
                Arguments.of("s3UploadResumeUploads", "maybe", "s3UploadResumeUploads"),
                Arguments.of("s3UploadRestartFailedUploads", "2", "s3UploadRestartFailedUploads"),
                Arguments.of("s3UploadRetryInitialDelay", "0", "s3UploadRetryInitialDelay"),
                Arguments.of("s3UploadRetryMaxDelay", "10", "s3UploadRetryMaxDelay"),
                Arguments.of("s3UploadRestartFailedUploadTimeout", "-5", "s3UploadRestartFailedUploadTimeout"),
                Arguments.of("s3UploadMaxConcurrentUploads", "0", "s3UploadMaxConcurrentUploads"),
                Arguments.of("s3UploadMaxConcurrentUploads", "65", "s3UploadMaxConcurrentUploads"),
                Arguments.of("s3UploadMaxConcurrentUploads", "two", "s3UploadMaxConcurrentUploads"),
                Arguments.of("s3UploadDeleteOriginalFiles", "perhaps", "s3UploadDeleteOriginalFiles"),
                Arguments.of("s3UploadDeletOriginalFiles", "perhaps", "s3UploadDeletOriginalFiles"),
                Arguments.of("s3UploadVersionFile", "x", "s3UploadVersionFile"),
                Arguments.of("s3UploadStripRecorderVersioning", "x", "s3UploadStripRecorderVersioning"),
                Arguments.of("s3UploadStatusInterval", "-1", "s3UploadStatusInterval"),
                Arguments.of("s3UploadShutdownTimeout", "long", "s3UploadShutdownTimeout"),
                Arguments.of("s3UploadDebugLog", "verbose", "s3UploadDebugLog"),
                Arguments.of("s3UploadKeyTemplate", "${stream}/${nope}", "s3UploadKeyTemplate"),
                Arguments.of("s3UploadTarget", "nope", "nope"),
                Arguments.of("s3Upload.filesystem.root", "/nonexistent/s3upload-root", "root"),
                Arguments.of("s3Upload.filesystem.chunkSize", "1", "chunkSize"),
                Arguments.of("s3Upload.filesystem.threads", "0", "threads"),
                Arguments.of("s3Upload.filesystem.fsync", "sometimes", "fsync"),
                // the s3 provider, through the original module's names and the generic ones
                Arguments.of("s3UploadEndpoint", "ftp://storage.example", "endpoint"),
                Arguments.of("s3UploadPathStyleAccess", "maybe", "pathStyleAccess"),
                // The original ignored an unknown s3UploadCannedAcl, an incomplete or unknown ACL grant and
                // an access key without a secret key; so does the module, with a WARN (OriginalPropertyFormsTest).
                // The provider's own keys for them stay strict:
                Arguments.of("s3Upload.s3.cannedAcl", "everyone", "cannedAcl"),
                Arguments.of("s3Upload.s3.aclPermission", "ALL", "aclPermission"),
                Arguments.of("s3UploadAwsProfilePath", "/nonexistent/credentials", "profileFile"),
                Arguments.of("s3UploadCheckBucket", "maybe", "checkBucket"),
                Arguments.of("s3Upload.s3.accessKey", "AKIAONLY", "secretKey"),
                Arguments.of("s3Upload.s3.partSize", "1KiB", "partSize"),
                Arguments.of("s3Upload.s3.multipartThreshold", "6GiB", "multipartThreshold"),
                Arguments.of("s3Upload.s3.uploadThreads", "0", "uploadThreads"),
                Arguments.of("s3Upload.s3.connectionTimeoutMs", "0", "connectionTimeoutMs"),
                Arguments.of("s3Upload.s3.socketTimeoutMs", "-1", "socketTimeoutMs"),
                Arguments.of("s3Upload.s3.maxErrorRetry", "99", "maxErrorRetry"),
                Arguments.of("s3Upload.s3.signer", "v3", "signer"),
                Arguments.of("s3Upload.s3.storageClass", "COLD", "storageClass"),
                Arguments.of("s3Upload.s3.sse", "rot13", "sse"),
                Arguments.of("s3Upload.s3.sseKmsKeyId", "key-without-sse", "sseKmsKeyId"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalid")
    void anInvalidValueGivesOneErrorNamingItAndLosesNothing(String property, String value, String named) throws Exception {
        Path content = dir.resolve("content");
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        boolean s3 = property.startsWith("s3Upload.s3.") || !property.startsWith("s3Upload.") && isLegacyS3(property);
        try (Host h = s3 ? new Host(content) : Host.filesystem(content, bucket)) {
            if (s3) {
                // A valid s3 configuration that the row breaks (validation fails before any network I/O).
                h.set("s3UploadTarget", "s3").set("s3UploadBucketName", "valid-bucket").set("s3UploadEndpoint", "http://127.0.0.1:9")
                        .set("s3UploadPathStyleAccess", "true").set("s3UploadAccessKey", "ak").set("s3UploadSecretKey", "sk");
                if (property.equals("s3Upload.s3.accessKey")) {
                    h.app.getProperties().remove("s3UploadSecretKey");
                }
            }
            h.set(property, value).start();
            Path rec = h.write("kept.mp4", Host.bytes(500, 1));
            h.finish(rec);
            Await.until("the configuration error is logged", () -> !h.log.at("ERROR").isEmpty(), h.log::toString);
            assertThat(h.status().targetReady()).isFalse();
            Thread.sleep(50); // a second ERROR would be logged right after the first
            assertThat(h.log.at("ERROR")).as(h.log.toString()).hasSize(1);
            assertThat(h.log.at("ERROR").get(0)).contains(named);
            assertThat(rec).exists();
            assertThat(content.resolve("kept.mp4.upload")).as("journalled for after the fix").exists();
            assertThat(Bucket.objects(bucket)).isEmpty();
        }
    }

    private static boolean isLegacyS3(String property) {
        return Stream.of("s3UploadEndpoint", "s3UploadPathStyleAccess", "s3UploadAwsProfilePath", "s3UploadCheckBucket")
                .anyMatch(property::equals);
    }

    @Test
    void severalProvidersAndNoIdGiveOneErrorListingThem() throws Exception {
        // filesystem, s3 and wowza-module's test provider flaky-start are all on this classpath
        try (Host h = new Host(dir.resolve("content"))) {
            h.set("s3Upload.filesystem.root", Files.createDirectories(dir.resolve("bucket")).toString()).start();
            Path rec = h.write("kept.mp4", Host.bytes(500, 2));
            h.finish(rec);
            Await.until("the error is logged", () -> !h.log.at("ERROR").isEmpty(), h.log::toString);
            String error = h.log.at("ERROR").get(0);
            assertThat(error).contains("filesystem").contains("s3").contains("s3UploadTarget");
            assertThat(h.log.at("ERROR")).hasSize(1);
            assertThat(h.content.resolve("kept.mp4.upload")).exists();
        }
    }

    @Test
    void aKeyOverS3sLimitFailsPermanentlyWithTheReason() throws Exception {
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        try (Host h = Host.filesystem(dir.resolve("content"), bucket)) {
            h.set("s3UploadFilePrefix", "p".repeat(600) + "/" + "é".repeat(250)).start(); // 600 + 1 + 500 bytes + name
            Path rec = h.write("long.mp4", Host.bytes(500, 3));
            h.finish(rec);
            h.awaitSettled(0, 1);
            assertThat(Files.readString(h.content.resolve("long.mp4.upload"))).contains("\"state\":\"FAILED\"").contains("1024");
            assertThat(h.log.at("ERROR")).hasSize(1);
            assertThat(h.log.at("ERROR").get(0)).contains("1024").contains("long.mp4");
            assertThat(rec).exists();
            assertThat(Bucket.objects(bucket)).isEmpty();
        }
    }
}
