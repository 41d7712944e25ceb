package org.s3upload.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.UploadTargets;

/**
 * Runs the real harness in smoke mode (tiny files, one run) against a standalone S3Proxy on loopback,
 * so the benchmark keeps working. It checks the report's shape and that every object verified; it
 * never looks at a timing. The CLI peers are not needed here (run.sh installs them); curl is used
 * when present.
 */
class BenchmarkSmokeTest {

    @Test
    void smokeRunProducesAWellFormedReportWithVerifiedObjects(@TempDir Path tmp) throws Exception {
        boolean ours = UploadTargets.discover().providers().containsKey("s3");
        List<String> args = new ArrayList<>(List.of("--smoke",
                "--tools", ours ? "ours,sdk,curl" : "sdk,curl",
                "--client-cp", "@target/classpath-client.txt",
                "--server-cp", "@target/classpath-server.txt",
                "--work", tmp.resolve("work").toString(),
                "--out", tmp.resolve("out").toString(),
                "--report-name", "smoke.md",
                "--many-count", "4",
                "--hotpath-events", "50",
                "--recovery-markers", "50",
                "--skip", ours ? "" : "many,resume,hotpath,recovery"));
        BenchmarkRunner runner = BenchmarkRunner.of(BenchOptions.parse(args.toArray(String[]::new)));

        Path reportFile = runner.run();

        assertThat(reportFile).isEqualTo(tmp.resolve("out").resolve("smoke.md"));
        String report = Files.readString(reportFile);
        assertThat(report).startsWith("# S3Upload benchmark report")
                .contains("## Environment", "## Targets", "## 1. Single large recording", "## Verification")
                .doesNotContain("MISMATCH", "MISSING", "FAILED");
        assertThat(runner.failures()).isZero();

        // Every tool row of the large-file table: all runs succeeded and all verified.
        Matcher row = Pattern.compile("(?m)^\\| (\\S+)(?: \\(fastest peer\\))? \\| (\\d+)/(\\d+) \\|.*\\| (\\d+)/(\\d+) \\|$").matcher(report);
        List<String> tools = new ArrayList<>();
        while (row.find()) {
            tools.add(row.group(1));
            assertThat(row.group(2)).as("runs ok of " + row.group(1)).isEqualTo(row.group(3)).isNotEqualTo("0");
            assertThat(row.group(4)).as("MD5 verified of " + row.group(1)).isEqualTo(row.group(5)).isEqualTo(row.group(2));
        }
        assertThat(tools).contains("sdk");
        Matcher large = Pattern.compile("Large file: MD5 verified (\\d+)/(\\d+) objects").matcher(report);
        assertThat(large.find()).isTrue();
        assertThat(large.group(1)).isEqualTo(large.group(2)).isNotEqualTo("0");

        if (ours) {
            assertThat(tools).contains("ours");
            assertThat(report).contains("## 2. Many recordings at once", "## 3. Resume efficiency",
                    "Many recordings: MD5 verified 4/4 objects", "Resume: MD5 verified 1/1",
                    "Incomplete multipart uploads left under `resume/`: 0");
            if (EngineHarness.available()) {
                // The module in a running JVM: one JVM, three recordings, each read back and MD5-checked.
                assertThat(report).contains("### The module in a running JVM", "Running JVM: MD5 verified 3/3 objects.")
                        .containsPattern("\\| client CPU <= 3\\.5 s per GiB \\(the module in a running JVM, median\\) \\| first recording"
                                + " after the target started \\d+\\.\\d\\d, later ones \\d+\\.\\d\\d; a fresh JVM per recording");
                assertThat(report).contains("| events | 50 |", "| acceptedAtEnd | 50 |", "| markers | 50 |")
                        .doesNotContain("the hotpath run failed", "the recovery run failed");
            }
        } else {
            assertThat(report).doesNotContain("## 2. Many recordings at once");
        }
        assertThat(report).contains("Incomplete multipart uploads left under `large/`: 0");
    }
}
