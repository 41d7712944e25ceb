package org.s3upload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.S3ProxyServer;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.wowza.engine.Marker;
import org.s3upload.wowza.engine.MarkerFiles;

/**
 * The session the operator guide shows: status, orphans and abort in a row against S3Proxy. The
 * transcript is written to target/cli-session.txt, from which the guide's example was pasted.
 */
class OperatorSessionTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(S3Scene.BUCKET);

    @TempDir
    Path dir;

    @Test
    void aWholeSession() throws Exception {
        S3Scene s = new S3Scene(S3.server());
        Path content = Files.createDirectories(dir.resolve("content"));
        Path failed = content.resolve("vod/lecture.mp4");
        Files.createDirectories(failed.getParent());
        Files.write(failed, new byte[4096]);
        MarkerFiles.write(MarkerFiles.markerOf(failed), Marker.pending(FileFingerprint.of(failed), "lecture",
                        System.currentTimeMillis() - 3 * 3600_000L).withOwner("_defaultVHost_/vod/_definst_")
                .withKey("live/vod/lecture.mp4", "s3", "s3://rec/")
                .failed(Marker.State.FAILED, "Access Denied (403) writing s3://rec/live/vod/lecture.mp4: grant s3:PutObject on it"));
        s.engineMarkerHoldingPausedUpload(content, "live/cam1.mp4");
        s.legacyMarkerHolding(content, "live/legacy.mp4");
        s.orphan("live/abandoned.mp4", 1_048_576);
        Path config = s.legacyConfigWithoutSecret(dir);
        Files.write(config, "s3UploadFilePrefix=live/\n".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        long inADay = System.currentTimeMillis() + 25 * 3600_000L;

        StringBuilder transcript = new StringBuilder();
        CliRun status = CliRun.run("status", content.toString());
        record(transcript, "s3upload status " + content, status);
        CliRun orphans = CliRun.with().now(inADay).env(TargetOptions.SECRET_ENV, S3ProxyServer.SECRET_KEY)
                .run("orphans", "--config", config.toString(), "--content", content.toString());
        record(transcript, "S3UPLOAD_SECRET_KEY=... s3upload orphans --config " + config + " --content " + content, orphans);
        CliRun abort = CliRun.with().now(inADay).env(TargetOptions.SECRET_ENV, S3ProxyServer.SECRET_KEY).stdin("y\n")
                .run("abort", "--config", config.toString(), "--content", content.toString());
        record(transcript, "S3UPLOAD_SECRET_KEY=... s3upload abort --config " + config + " --content " + content, abort);
        Files.write(Paths.get("target", "cli-session.txt"), transcript.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(status.exit).isEqualTo(ExitCodes.ATTENTION);
        assertThat(orphans.exit).isEqualTo(ExitCodes.ATTENTION);
        assertThat(abort.exit).as(abort.toString()).isEqualTo(ExitCodes.OK);
        assertThat(abort.out).contains("aborted live/abandoned.mp4").contains("Aborted 1, skipped 0, failed 0.");
        assertThat(s.incompleteKeys()).containsExactlyInAnyOrder("live/cam1.mp4", "live/legacy.mp4");
        assertThat(transcript).doesNotContain(S3ProxyServer.SECRET_KEY);
    }

    private static void record(StringBuilder t, String command, CliRun r) {
        t.append("$ ").append(command).append('\n').append(r.out).append(r.err).append("(exit ").append(r.exit).append(")\n\n");
    }
}
