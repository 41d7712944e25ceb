package org.s3upload.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsAreTheFilesystemTargetWithThreeSmallRecordings() {
        DemoOptions o = DemoOptions.parse(new String[0]);

        assertThat(o.target).isEqualTo("filesystem");
        assertThat(o.recordings).isEqualTo(3);
        assertThat(o.sizeMb).isEqualTo(8);
        assertThat(o.embeddedS3()).isFalse();
        assertThat(o.resume).isFalse();
        assertThat(o.crashAfterPercent).isZero();
    }

    @Test
    void s3WithoutEndpointIsTheEmbeddedServer() {
        DemoOptions o = DemoOptions.parse(new String[] {"--target", "S3", "--bucket", "b1", "--part-size-mb", "8"});

        assertThat(o.embeddedS3()).isTrue();
        assertThat(o.bucket).isEqualTo("b1");
        assertThat(o.partSizeMb).isEqualTo(8);
        assertThat(o.destination()).isEqualTo("embedded S3 bucket b1");
    }

    @Test
    void aRealStoreTakesEndpointBucketRegionPathStyleAndKeys() {
        DemoOptions o = DemoOptions.parse(new String[] {"--target", "s3", "--endpoint", "http://minio:9000", "--bucket", "rec",
                "--region", "eu-west-1", "--path-style", "--access-key", "AK", "--secret-key", "SK"});

        assertThat(o.embeddedS3()).isFalse();
        assertThat(o.pathStyle).isTrue();
        assertThat(o.region).isEqualTo("eu-west-1");
        assertThat(o.destination()).isEqualTo("s3 bucket rec at http://minio:9000").doesNotContain("SK");
    }

    @Test
    void inconsistentCombinationsAreRefusedWithTheReason() {
        assertRefused("unknown option '--bogus'", "--bogus");
        assertRefused("--target must be filesystem or s3", "--target", "ftp");
        assertRefused("--size-mb must be from 1 to 4096", "--size-mb", "0");
        assertRefused("--recordings needs a value", "--recordings");
        assertRefused("--crash-after-percent must be from 1 to 99", "--crash-after-percent", "100");
        assertRefused("--bucket applies only with --target s3", "--bucket", "b");
        assertRefused("--access-key applies only with --endpoint", "--target", "s3", "--access-key", "a", "--secret-key", "s");
        assertRefused("--endpoint needs --bucket", "--target", "s3", "--endpoint", "https://s3.example.com");
        assertRefused("give both --access-key and --secret-key", "--target", "s3", "--endpoint", "http://h", "--bucket", "b",
                "--access-key", "a");
        assertRefused("--endpoint must be an http:// or https:// URL", "--target", "s3", "--endpoint", "minio:9000");
        assertRefused("exclude each other", "--resume", "--crash-after-percent", "50");
        assertRefused("--size-mb does not apply with --resume", "--resume", "--size-mb", "4");
    }

    @Test
    void mainReturns2AndPrintsTheUsageOnStderrForABadFlag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = DemoMain.run(new String[] {"--size-mb", "lots"}, new PrintStream(out), new PrintStream(err));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--size-mb must be a whole number", DemoOptions.USAGE);
    }

    @Test
    void helpPrintsTheUsageOnStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = DemoMain.run(new String[] {"--help"}, new PrintStream(out), new PrintStream(new ByteArrayOutputStream()));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--crash-after-percent", "--resume", "--endpoint");
    }

    private static void assertRefused(String reason, String... args) {
        assertThatThrownBy(() -> DemoOptions.parse(args)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
