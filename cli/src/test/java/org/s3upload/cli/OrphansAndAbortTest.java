package org.s3upload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.internal.Json;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.S3ProxyServer;

/** {@code orphans} and {@code abort} against a real S3Proxy on loopback, with the original module's property names. */
class OrphansAndAbortTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(S3Scene.BUCKET);
    static final long DAY = 24 * 3600_000L;

    @TempDir
    Path content;
    @TempDir
    Path conf;

    private S3Scene scene() {
        return new S3Scene(S3.server());
    }

    /** The tool a day and an hour from now, the secret key in the environment. */
    private CliRun.Builder tomorrow() {
        return CliRun.with().now(System.currentTimeMillis() + DAY + 3600_000L)
                .env(TargetOptions.SECRET_ENV, S3ProxyServer.SECRET_KEY);
    }

    private List<String> incompleteUnder(String prefix) {
        return scene().incompleteKeys().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    @Test
    void orphansListsOldUploadsWithTheirSizesAndNamesTheMarkersThatHoldThem() throws Exception {
        S3Scene s = scene();
        String free = s.orphan("t1/free.mp4", 1000);
        String legacy = s.legacyMarkerHolding(content, "t1/legacy.mp4");
        Path engineMarker = s.engineMarkerHoldingPausedUpload(content, "t1/engine.mp4");
        Path config = s.legacyConfigWithoutSecret(conf);

        CliRun r = tomorrow().run("orphans", "--config", config.toString(), "--prefix", "t1/", "--content", content.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.ATTENTION);
        assertThat(r.out).contains("Incomplete uploads in s3://" + S3Scene.BUCKET)
                .contains("under 't1/' begun more than 24h ago")
                .contains("t1/free.mp4  upload " + free)
                .contains("stored 1000 bytes")
                .contains("t1/legacy.mp4  upload " + legacy)
                .contains("skipped, never aborted: marker " + content.resolve("legacy.mp4.upload") + " holds its resume token")
                .contains("skipped, never aborted: marker " + engineMarker + " holds its resume token")
                .contains("3 listed: 1 not held by any marker (1000 bytes stored), 2 held by a marker.");
        assertThat(r.out.split("skipped, never aborted", -1)).hasSize(3);

        CliRun json = tomorrow().run("orphans", "--json", "--config", config.toString(), "--prefix", "t1/",
                "--content", content.toString());
        Map<String, Object> root = Json.parseObject(json.out.trim());
        assertThat(root).containsEntry("schema", "s3upload-orphans/1").containsEntry("prefix", "t1/")
                .containsEntry("olderThanSeconds", 86400L).containsEntry("holdsChecked", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> uploads = (List<Map<String, Object>>) root.get("uploads");
        assertThat(uploads).hasSize(3);
        Map<String, Object> f = uploads.stream().filter(u -> u.get("key").equals("t1/free.mp4")).findFirst().orElseThrow();
        assertThat(f).containsEntry("uploadId", free).containsEntry("storedBytes", 1000L).containsEntry("heldBy", null);
        assertThat(uploads).filteredOn(u -> u.get("heldBy") != null).hasSize(2);

        CliRun unchecked = tomorrow().run("orphans", "--config", config.toString(), "--prefix", "t1/");
        assertThat(unchecked.out).contains("3 listed: 3 not held by any marker")
                .contains("not checked against markers: give --content DIR");
        assertThat(incompleteUnder("t1/")).as("orphans changes nothing").hasSize(3);
    }

    /** S3Proxy reports an upload's initiation as the time of the listing, so the tool's clock runs an hour ahead here. */
    @Test
    void olderThanLeavesYoungerUploadsOut() throws Exception {
        String id = scene().orphan("t2/x.mp4", 0);
        Path config = scene().legacyConfigWithoutSecret(conf);
        CliRun.Builder inAnHour = CliRun.with().now(System.currentTimeMillis() + 3600_000L)
                .env(TargetOptions.SECRET_ENV, S3ProxyServer.SECRET_KEY);
        CliRun younger = inAnHour.run("orphans", "--config", config.toString(), "--prefix", "t2/", "--older-than", "2h");
        assertThat(younger.exit).as(younger.toString()).isEqualTo(ExitCodes.OK);
        assertThat(younger.out).contains("  none").contains("0 listed").contains("Not listed: 1 begun within the last 2h");
        CliRun older = inAnHour.run("orphans", "--config", config.toString(), "--prefix", "t2/", "--older-than", "30m");
        assertThat(older.exit).as(older.toString()).isEqualTo(ExitCodes.ATTENTION);
        assertThat(older.out).contains("t2/x.mp4  upload " + id).contains("1 listed").doesNotContain("Not listed");
    }

    @Test
    void abortAsksAndAnswerNoAbortsNothing() throws Exception {
        scene().orphan("t3/x.mp4", 10);
        CliRun r = tomorrow().stdin("n\n").run("abort", "--config", scene().legacyConfigWithoutSecret(conf).toString(),
                "--prefix", "t3/", "--content", content.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.ATTENTION);
        assertThat(r.out).contains("Abort 1 incomplete upload(s) in s3://").contains("[y/N]").contains("Nothing aborted.");
        assertThat(incompleteUnder("t3/")).containsExactly("t3/x.mp4");

        CliRun noAnswer = tomorrow().stdin("").run("abort", "--config", scene().legacyConfigWithoutSecret(conf).toString(),
                "--prefix", "t3/", "--content", content.toString());
        assertThat(noAnswer.exit).isEqualTo(ExitCodes.ATTENTION);
        assertThat(noAnswer.err).contains("standard input is closed").contains("--yes");
        assertThat(incompleteUnder("t3/")).containsExactly("t3/x.mp4");
    }

    @Test
    void abortYesAbortsOnlyWhatNoMarkerHolds() throws Exception {
        S3Scene s = scene();
        String one = s.orphan("t4/one.mp4", 1000);
        s.orphan("t4/two.mp4", 2000);
        s.legacyMarkerHolding(content, "t4/legacy.mp4");
        Path engineMarker = s.engineMarkerHoldingPausedUpload(content, "t4/engine.mp4");
        CliRun r = tomorrow().run("abort", "--yes", "--config", s.legacyConfigWithoutSecret(conf).toString(), "--prefix", "t4/",
                "--content", content.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out).doesNotContain("[y/N]")
                .contains("aborted t4/one.mp4 (upload " + one + ")")
                .contains("aborted t4/two.mp4 (upload ")
                .contains("skipped, never aborted: marker " + engineMarker + " holds its resume token")
                .contains("Aborted 2, skipped 0, failed 0.");
        assertThat(incompleteUnder("t4/")).containsExactly("t4/engine.mp4", "t4/legacy.mp4");
    }

    @Test
    void abortAnswerYesAborts() throws Exception {
        scene().orphan("t5/x.mp4", 10);
        CliRun r = tomorrow().stdin("y\n").run("abort", "--config", scene().legacyConfigWithoutSecret(conf).toString(),
                "--prefix", "t5/", "--content", content.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out).contains("[y/N]").contains("Aborted 1, skipped 0, failed 0.");
        assertThat(incompleteUnder("t5/")).isEmpty();
    }

    @Test
    void abortWithoutContentIsAUsageErrorAndTouchesNothing() throws Exception {
        scene().orphan("t6/x.mp4", 10);
        CliRun r = tomorrow().run("abort", "--yes", "--config", scene().legacyConfigWithoutSecret(conf).toString(), "--prefix", "t6/");
        assertThat(r.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err).contains("abort needs --content DIR");
        assertThat(incompleteUnder("t6/")).containsExactly("t6/x.mp4");
    }

    @Test
    void applicationXmlIsReadWithTheOriginalModulesNamesAndItsPrefix() throws Exception {
        scene().orphan("t7/in.mp4", 10);
        scene().orphan("other/out.mp4", 10);
        Path xml = conf.resolve("Application.xml");
        Files.writeString(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Root version=\"1\"><Application>"
                + "<Streams><Properties><Property><Name>s3UploadBucketName</Name><Value>not-this-one</Value></Property></Properties></Streams>"
                + "<Properties>"
                + prop("s3UploadBucketName", S3Scene.BUCKET, "String")
                + prop("s3UploadEndpoint", S3.server().endpoint(), "String")
                + prop("s3UploadPathStyleAccess", "true", "Boolean")
                + prop("s3UploadRegion", "us-east-1", "String")
                + prop("s3UploadAccessKey", S3ProxyServer.ACCESS_KEY, "String")
                + prop("s3UploadSecretKey", S3ProxyServer.SECRET_KEY, "String")
                + prop("s3UploadFilePrefix", "t7", "String")
                + prop("s3UploadMaxConcurrentUploads", "2", "Integer")
                + "</Properties></Application></Root>\n");
        CliRun r = CliRun.with().now(System.currentTimeMillis() + DAY + 3600_000L)
                .run("orphans", "--application-xml", xml.toString(), "--content", content.toString());
        assertThat(r.exit).as(r.toString()).isEqualTo(ExitCodes.ATTENTION);
        assertThat(r.out).contains("under 't7/'").contains("t7/in.mp4  upload ").doesNotContain("other/out.mp4");
        assertThat(r.all()).doesNotContain(S3ProxyServer.SECRET_KEY);
    }

    @Test
    void aSecretIsNeverPrintedNotEvenWhenTheStoreRefusesIt() throws Exception {
        String wrong = "wrong-secret-that-must-never-show-0123456789";
        Path secretFile = conf.resolve("secret");
        Files.writeString(secretFile, wrong + "\n");
        Path config = scene().legacyConfigWithoutSecret(conf);
        CliRun fromFile = CliRun.run("orphans", "--config", config.toString(), "--secret-key-file", secretFile.toString(),
                "--older-than", "1s");
        assertThat(fromFile.exit).as(fromFile.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(fromFile.err).contains("cannot list the incomplete uploads of s3://" + S3Scene.BUCKET);
        assertThat(fromFile.all()).doesNotContain(wrong);

        CliRun fromEnv = CliRun.with().env(TargetOptions.SECRET_ENV, wrong).run("abort", "--yes", "--config", config.toString(),
                "--content", content.toString());
        assertThat(fromEnv.exit).isEqualTo(ExitCodes.FAILED);
        assertThat(fromEnv.all()).doesNotContain(wrong);

        CliRun fromAws = CliRun.with().env(TargetOptions.AWS_SECRET_ENV, wrong).run("orphans", "--config", config.toString());
        assertThat(fromAws.exit).as("AWS_SECRET_ACCESS_KEY fills the configured access key's secret").isEqualTo(ExitCodes.FAILED);
        assertThat(fromAws.all()).doesNotContain(wrong);
    }

    @Test
    void theSecretFromAFileOrAwsEnvironmentIsUsed() throws Exception {
        Path secretFile = conf.resolve("secret");
        Files.writeString(secretFile, S3ProxyServer.SECRET_KEY + "\n");
        Path config = scene().legacyConfigWithoutSecret(conf);
        CliRun fromFile = CliRun.run("orphans", "--config", config.toString(), "--secret-key-file", secretFile.toString(),
                "--prefix", "t8/");
        assertThat(fromFile.exit).as(fromFile.toString()).isEqualTo(ExitCodes.OK);
        assertThat(fromFile.out).contains("0 listed");
        CliRun fromAws = CliRun.with().env(TargetOptions.AWS_SECRET_ENV, S3ProxyServer.SECRET_KEY)
                .run("orphans", "--config", config.toString(), "--prefix", "t8/");
        assertThat(fromAws.exit).as(fromAws.toString()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void badInputNamesTheOptionFileOrProperty() throws Exception {
        CliRun noFile = CliRun.run("orphans", "--config", conf.resolve("missing.properties").toString());
        assertThat(noFile.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.err).contains("--config " + conf.resolve("missing.properties") + ": no such file");

        CliRun noSecretFile = CliRun.run("orphans", "--config", scene().legacyConfigWithoutSecret(conf).toString(),
                "--secret-key-file", conf.resolve("nope").toString());
        assertThat(noSecretFile.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(noSecretFile.err).contains("--secret-key-file " + conf.resolve("nope") + ": no such file");

        CliRun noConfig = CliRun.run("orphans");
        assertThat(noConfig.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(noConfig.err).contains("--config FILE").contains("--application-xml");

        CliRun badAge = CliRun.run("orphans", "--older-than", "5x");
        assertThat(badAge.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(badAge.err).contains("--older-than").contains("'5x' is not an age");

        Path typo = conf.resolve("typo.properties");
        Files.writeString(typo, "s3UploadBucketNme=" + S3Scene.BUCKET + "\ns3UploadTarget=s3\n", StandardCharsets.UTF_8);
        CliRun misspelt = CliRun.run("orphans", "--config", typo.toString());
        assertThat(misspelt.exit).as(misspelt.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(misspelt.err).contains("s3UploadBucketNme").contains("did you mean s3UploadBucketName?")
                .contains("cannot open the target of provider 's3'");
    }

    private static String prop(String name, String value, String type) {
        return "<Property><Name>" + name + "</Name><Value>" + value + "</Value><Type>" + type + "</Type></Property>";
    }
}
