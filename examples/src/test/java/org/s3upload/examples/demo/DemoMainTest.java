package org.s3upload.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;

/**
 * The demo as a user runs it: a child JVM per run, in a fresh working directory. The stored
 * objects are compared with the recordings by the test itself, byte for byte, not only through
 * what the demo prints.
 */
class DemoMainTest {
    private static final Pattern MISSING_AND_SENT = Pattern.compile(
            "Recovery: ([\\d,]+) bytes were still missing at restart; this run sent ([\\d,]+) bytes \\(all recordings: ([\\d,]+) bytes\\)");

    @TempDir
    Path tmp;

    @Test
    void withoutFlagsUploadsToTheFilesystemBucketAndPrintsAVerifiedSummary() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("fresh"));

        DemoProcess run = DemoProcess.run(work);

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("All 3 recording(s) uploaded and verified");
        assertThat(summaryRows(run.out)).hasSize(3).allSatisfy(row -> assertThat(row).contains("yes (size+MD5"));
        for (int i = 1; i <= 3; i++) {
            Path recording = work.resolve("demo-recordings/camera-" + i + ".mp4");
            Path object = work.resolve("demo-bucket/demo/camera-" + i + ".mp4");
            assertThat(Files.size(recording)).isEqualTo(8L << 20);
            assertThat(Files.mismatch(recording, object)).as("object %s equals its recording", object).isEqualTo(-1L);
            assertThat(work.resolve("demo-recordings/camera-" + i + ".mp4.upload")).doesNotExist();
        }
        assertThat(Files.readString(work.resolve("demo-recordings/demo-module.log"))).contains("uploaded ");
    }

    @Test
    void withJmxPrintsTheBeansNameAndItsViewAfterTheUploads() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("jmx"));

        DemoProcess run = DemoProcess.run(work, "--jmx", "--recordings", "2", "--size-mb", "1");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains(
                "JMX: the module registered org.s3upload:type=ModuleS3Upload,vhost=_defaultVHost_,application=demo,instance=_definst_",
                "JMX view after the uploads:", "RecordingsCompleted=2", "BytesSent=2097152", "Recordings (0 not yet uploaded)");
    }

    @Test
    void embeddedS3UploadsInPartsAndVerifies() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("s3"));

        DemoProcess run = DemoProcess.run(work, "--target", "s3", "--recordings", "2", "--size-mb", "6");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("embedded S3 server (S3Proxy) at http://127.0.0.1:", "5 MiB parts",
                "All 2 recording(s) uploaded and verified");
        assertThat(summaryRows(run.out)).hasSize(2).allSatisfy(row -> assertThat(row).contains("yes (size+part MD5s"));
        for (int i = 1; i <= 2; i++) {
            Path recording = work.resolve("demo-recordings/camera-" + i + ".mp4");
            // S3Proxy's filesystem store keeps each object as a plain file: bucket/key.
            Path object = work.resolve("demo-s3/data/demo-bucket/demo/camera-" + i + ".mp4");
            assertThat(Files.mismatch(recording, object)).as("object %s equals its recording", object).isEqualTo(-1L);
        }
        assertThat(run.out + run.err).doesNotContain(EmbeddedS3.SECRET_KEY);
    }

    @Test
    void aCrashedFilesystemRunIsResumedWithoutSendingStoredChunksAgain() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("crash-fs"));

        DemoProcess crashed = DemoProcess.run(work, "--crash-after-percent", "50");

        assertThat(crashed.exitCode).as(crashed.toString()).isEqualTo(CrashSwitch.EXIT_CODE);
        assertThat(crashed.out).contains("CRASH:");
        assertThat(markers(work)).as("recordings still journalled after the crash").isNotEmpty();

        DemoProcess resumed = DemoProcess.run(work, "--resume");

        assertThat(resumed.exitCode).as(resumed.toString()).isZero();
        long[] numbers = missingSentTotal(resumed.out);
        assertThat(numbers[2]).isEqualTo(3L * (8L << 20));
        assertThat(numbers[1]).as("bytes sent by the resumed run").isLessThan(numbers[2]);
        assertThat(numbers[1]).as("the resumed run sends exactly what the journal says is missing").isEqualTo(numbers[0]);
        assertThat(resumed.out).contains("All 3 recording(s) uploaded and verified", "uploaded by the earlier run");
        assertThat(markers(work)).isEmpty();
        for (int i = 1; i <= 3; i++) {
            assertThat(Files.mismatch(work.resolve("demo-recordings/camera-" + i + ".mp4"),
                    work.resolve("demo-bucket/demo/camera-" + i + ".mp4"))).isEqualTo(-1L);
        }
    }

    @Test
    void aCrashedEmbeddedS3RunIsResumedOnTheSamePortSendingOnlyThePartsS3DidNotList() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("crash-s3"));

        DemoProcess crashed = DemoProcess.run(work, "--target", "s3", "--recordings", "2", "--size-mb", "12",
                "--crash-after-percent", "70");

        assertThat(crashed.exitCode).as(crashed.toString()).isEqualTo(CrashSwitch.EXIT_CODE);
        String port = Files.readString(work.resolve("demo-s3/port")).trim();

        DemoProcess resumed = DemoProcess.run(work, "--target", "s3", "--resume");

        assertThat(resumed.exitCode).as(resumed.toString()).isZero();
        assertThat(resumed.out).contains("at http://127.0.0.1:" + port + ",");
        assertThat(resumed.out).doesNotContain("cannot resume");
        long[] numbers = missingSentTotal(resumed.out);
        assertThat(numbers[1]).as("bytes sent by the resumed run").isLessThan(numbers[2]);
        assertThat(numbers[1]).as("only the parts S3 did not list are sent").isEqualTo(numbers[0]);
        assertThat(resumed.out).contains("All 2 recording(s) uploaded and verified");
        for (int i = 1; i <= 2; i++) {
            Path recording = work.resolve("demo-recordings/camera-" + i + ".mp4");
            Path object = work.resolve("demo-s3/data/demo-bucket/demo/camera-" + i + ".mp4");
            assertThat(Checksums.md5Hex(object)).isEqualTo(Checksums.md5Hex(recording));
        }
    }

    @Test
    void anUnreachableStoreEndsWithTheReasonAndExitCode1WithoutPrintingTheSecret() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("unreachable"));

        DemoProcess run = DemoProcess.run(work, "--target", "s3", "--endpoint", "http://127.0.0.1:1", "--bucket", "bkt",
                "--access-key", "AKIDEMO", "--secret-key", "SEKRIT-never-printed", "--recordings", "1", "--size-mb", "1");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains("Upload failed:", "127.0.0.1:1", "Connection refused");
        assertThat(run.out + run.err + Files.readString(work.resolve("demo-recordings/demo-module.log")))
                .doesNotContain("SEKRIT-never-printed");
    }

    @Test
    void aBadFlagPrintsTheUsageOnStderrAndExits2() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("bad"));

        DemoProcess run = DemoProcess.run(work, "--recordings", "many");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--recordings must be a whole number", "usage: java -jar");
        assertThat(run.out).isEmpty();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("nothing generated for a bad command line").isEmpty();
        }
    }

    private static java.util.List<String> summaryRows(String out) {
        return out.lines().filter(l -> l.matches("\\s+camera-\\d+\\.mp4\\s+demo/camera-\\d+\\.mp4\\s.*")).toList();
    }

    private static java.util.List<Path> markers(Path work) throws Exception {
        try (Stream<Path> s = Files.list(work.resolve("demo-recordings"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".upload")).toList();
        }
    }

    /** missing, sent, total from the demo's recovery line. */
    private static long[] missingSentTotal(String out) {
        Matcher m = MISSING_AND_SENT.matcher(out);
        assertThat(m.find()).as("recovery line in:\n" + out).isTrue();
        return new long[] {number(m.group(1)), number(m.group(2)), number(m.group(3))};
    }

    private static long number(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
