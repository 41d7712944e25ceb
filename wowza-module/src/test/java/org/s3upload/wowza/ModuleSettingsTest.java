package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.s3upload.wowza.engine.EngineSettings;

class ModuleSettingsTest {

    @Test
    void legacyPropertiesFeedTheS3ProviderAndGenericKeysWin() {
        Map<String, Object> p = new HashMap<>();
        p.put("s3UploadBucketName", "legacy-bucket");
        p.put("s3UploadRegion", "eu-west-1");
        p.put("s3UploadEndpoint", "http://127.0.0.1:9000");
        p.put("s3UploadPathStyleAccess", true);
        p.put("s3UploadAccessKey", "AK");
        p.put("s3UploadSecretKey", "SK");
        p.put("s3UploadProfile", "media");
        p.put("s3UploadAwsProfilePath", "/etc/aws");
        p.put("s3UploadCannedAcl", "bucket-owner-full-control");
        p.put("s3UploadACLGroupGranteeUri", "http://acs.amazonaws.com/groups/global/AllUsers");
        p.put("s3UploadACLPermissionRule", "read");
        p.put("s3UploadCheckBucket", false);
        p.put("s3Upload.s3.region", "us-east-1");
        p.put("s3Upload.filesystem.root", "/data");
        ModuleSettings s = new ModuleSettings(p);
        Map<String, String> c = s.providerConfig("s3");
        assertThat(c).containsEntry("bucket", "legacy-bucket").containsEntry("region", "us-east-1")
                .containsEntry("endpoint", "http://127.0.0.1:9000").containsEntry("pathStyleAccess", "true")
                .containsEntry("accessKey", "AK").containsEntry("secretKey", "SK").containsEntry("profile", "media")
                .containsEntry("profileFile", "/etc/aws").containsEntry("cannedAcl", "bucket-owner-full-control")
                .containsEntry("aclGroupGranteeUri", "http://acs.amazonaws.com/groups/global/AllUsers")
                .containsEntry("aclPermission", "read").containsEntry("checkBucket", "false")
                .doesNotContainKey("root");
        assertThat(s.providerConfig("filesystem")).containsOnly(Map.entry("root", "/data"));
        assertThat(s.usesLegacyS3()).isTrue();
        assertThat(s.summary(null)).contains("s3UploadSecretKey=****").doesNotContain("=SK");
    }

    /** What the original module silently ignored is ignored again, with a WARN; our own keys stay strict. */
    @Test
    void formsTheOriginalIgnoredAreLeftOutWithAWarnEach() {
        Map<String, Object> p = new HashMap<>();
        p.put("s3UploadBucketName", "b");
        p.put("s3UploadCannedAcl", "PublicRead");
        p.put("s3UploadACLGroupGranteeUri", "http://acs.amazonaws.com/groups/global/AllUsers");
        p.put("s3UploadACLPermissionRule", "READ_ALL");
        p.put("s3UploadSecretKey", "only-the-secret");
        p.put("s3UploadEndpoint", "minio.local:9000");
        ModuleSettings s = new ModuleSettings(p);
        assertThat(s.providerConfig("s3")).containsOnlyKeys("bucket", "endpoint").containsEntry("endpoint", "minio.local:9000");
        assertThat(s.warnings()).hasSize(4);
        assertThat(s.warnings()).anyMatch(w -> w.contains("s3UploadCannedAcl 'PublicRead'") && w.contains("ignored"));
        assertThat(s.warnings()).anyMatch(w -> w.contains("'READ_ALL' is not a permission"));
        assertThat(s.warnings()).anyMatch(w -> w.contains("s3UploadSecretKey is set without s3UploadAccessKey")
                && w.contains("default chain"));
        assertThat(s.warnings()).anyMatch(w -> w.contains("used as https://minio.local:9000") && w.contains("http://"));
        assertThat(String.join(" ", s.warnings())).doesNotContain("only-the-secret");

        Map<String, Object> aws = new HashMap<>();
        aws.put("s3UploadBucketName", "b");
        aws.put("s3UploadEndpoint", "s3.eu-west-1.amazonaws.com");
        aws.put("s3Upload.s3.cannedAcl", "PublicRead");
        ModuleSettings a = new ModuleSettings(aws);
        assertThat(a.warnings()).isEmpty();
        assertThat(a.notes()).anyMatch(n -> n.contains("region is taken from it"));
        assertThat(a.providerConfig("s3")).as("the provider's own key stays strict: passed on, refused there")
                .containsEntry("cannedAcl", "PublicRead");
    }

    @Test
    void legacyEngineSettingsKeepTheirMeaning() {
        Map<String, Object> p = new HashMap<>();
        p.put("s3UploadDeletOriginalFiles", "true");
        p.put("s3UploadDelay", "1500");
        p.put("s3UploadResumeUploads", Boolean.FALSE);
        p.put("s3UploadRestartFailedUploadTimeout", 60000L);
        p.put("s3UploadVersionFile", "true");
        p.put("s3UploadFilePrefix", "vod");
        ModuleSettings s = new ModuleSettings(p);
        Path root = Paths.get("/tmp/content");
        EngineSettings c = s.engine(Arrays.asList(root), "live", "_definst_", 0).build();
        assertThat(s.problems()).isEmpty();
        assertThat(c.deleteOriginal()).isTrue();
        assertThat(c.delayMillis()).isEqualTo(1500);
        assertThat(c.resumeUploads()).isFalse();
        assertThat(c.backoff().ceiling(1)).isEqualTo(60000);
        assertThat(c.versionFile()).isTrue();
        assertThat(c.keys().prefix()).isEqualTo("vod/");
        // the correct spelling wins over the misspelt one
        p.put("s3UploadDeleteOriginalFiles", "false");
        assertThat(new ModuleSettings(p).engine(Arrays.asList(root), "a", "b", 0).build().deleteOriginal()).isFalse();
    }

    @Test
    void invalidValuesAreNamedWithTheirFix() {
        Map<String, Object> p = new HashMap<>();
        p.put("s3UploadDelay", "soon");
        p.put("s3UploadVersionFile", "maybe");
        p.put("s3UploadKeyTemplate", "${app}/${bogus}");
        p.put("s3UploadMaxConcurrentUploads", "0");
        ModuleSettings s = new ModuleSettings(p);
        s.engine(Arrays.asList(Paths.get("/tmp/c")), "a", "b", 0);
        assertThat(s.problems()).hasSize(4)
                .anyMatch(l -> l.contains("s3UploadDelay") && l.contains("soon"))
                .anyMatch(l -> l.contains("s3UploadVersionFile") && l.contains("true or false"))
                .anyMatch(l -> l.contains("${bogus}"))
                .anyMatch(l -> l.contains("s3UploadMaxConcurrentUploads"));
    }

    @Test
    void aMisspeltPropertyIsNamedWithTheOneItWasProbablyMeantToBe() {
        Map<String, Object> p = new HashMap<>();
        p.put("s3UploadDeleteOrignalFiles", "true");
        p.put("s3UploadBucketname", "b");
        p.put("s3Upload.filesystemroot", "/data");
        p.put("s3UploadDeletOriginalFiles", "true"); // the original's own misspelling is a real name
        p.put("s3Upload.filesystem.root", "/data");
        p.put("someOtherModuleSetting", "x");
        ModuleSettings s = new ModuleSettings(p);
        assertThat(s.warnings()).anySatisfy(n -> assertThat(n)
                .contains("s3UploadDeleteOrignalFiles").contains("did you mean s3UploadDeleteOriginalFiles?"));
        assertThat(s.warnings()).anySatisfy(n -> assertThat(n)
                .contains("s3UploadBucketname").contains("did you mean s3UploadBucketName?"));
        assertThat(s.warnings()).anySatisfy(n -> assertThat(n)
                .contains("s3Upload.filesystemroot").contains("s3Upload.<providerId>.<key>"));
        assertThat(String.join("\n", s.warnings())).doesNotContain("someOtherModuleSetting")
                .doesNotContain("property s3UploadDeletOriginalFiles").doesNotContain("property s3Upload.filesystem.root");
    }

    /**
     * Wowza hands properties over as Boolean, Integer or Long objects when Application.xml types
     * them, and as text otherwise; the original's flags were written true/false, yes/no or 1/0.
     */
    @Test
    void wowzaTypesAndTheLenientFormsAreAllRead() {
        Map<String, Object> p = new HashMap<>();
        p.put("s3UploadVersionFile", "YES");
        p.put("s3UploadStripRecorderVersioning", "0");
        p.put("s3UploadResumeUploads", "No");
        p.put("s3UploadRestartFailedUploads", Boolean.FALSE);
        p.put("s3UploadDeleteOriginalFiles", "1");
        p.put("s3UploadDelay", 1500L);
        p.put("s3UploadMaxConcurrentUploads", Integer.valueOf(3));
        p.put("s3UploadRetryInitialDelay", " 250 ");
        p.put("s3UploadRetryMaxDelay", 2.0e3);
        p.put("s3UploadStatusInterval", "0");
        p.put("s3UploadDebugLog", "true");
        ModuleSettings s = new ModuleSettings(p);
        EngineSettings c = s.engine(Arrays.asList(Paths.get("/tmp/content")), "live", "_definst_", 0).build();
        assertThat(s.problems()).isEmpty();
        assertThat(c.versionFile()).isTrue();
        assertThat(c.resumeUploads()).isFalse();
        assertThat(c.deleteOriginal()).isTrue();
        assertThat(c.delayMillis()).isEqualTo(1500);
        assertThat(c.backoff().ceiling(1)).isEqualTo(250);
        assertThat(c.backoff().ceiling(20)).isEqualTo(2000);
        assertThat(s.debugLog()).isTrue();
    }

    @Test
    void aWrongTypeOrFormIsNamedWithTheFixAndTheDefaultApplies() {
        Map<String, Object> p = new HashMap<>();
        p.put("s3UploadResumeUploads", "sometimes");
        p.put("s3UploadDelay", -5L);
        p.put("s3UploadStatusInterval", Boolean.TRUE);
        p.put("s3UploadMaxConcurrentUploads", 2.5);
        ModuleSettings s = new ModuleSettings(p);
        EngineSettings c = s.engine(Arrays.asList(Paths.get("/tmp/content")), "live", "_definst_", 0).build();
        assertThat(s.problems()).containsExactlyInAnyOrder(
                "'s3UploadResumeUploads' = 'sometimes' is not a boolean: use true or false (yes/no and 1/0 work too)",
                "'s3UploadDelay' = '-5' is not a duration: use a whole number of milliseconds, at least 0",
                "'s3UploadStatusInterval' = 'true' is not a duration: use a whole number of milliseconds, at least 0",
                "'s3UploadMaxConcurrentUploads' = '2.5' is not a whole number from 1 to 64");
        assertThat(c.resumeUploads()).isTrue();
        assertThat(c.delayMillis()).isZero();
    }

    @Test
    void everyNameTheSettingsReadIsListed() {
        // Reading every setting once: a name missing from ModuleProperties throws IllegalStateException.
        ModuleSettings s = new ModuleSettings(new HashMap<>());
        s.engine(Arrays.asList(Paths.get("/tmp/rec")), "app", "_definst_", 1000).build();
        s.providerConfig("s3");
        s.debugLog();
        assertThat(ModuleProperties.names()).contains("s3UploadTarget", "streamRecorderOutputPath");
        assertThat(ModuleProperties.isKnown("s3Upload.s3.bucket")).isTrue();
        assertThat(ModuleProperties.isKnown("s3Upload.s3.")).isFalse();
    }

    @Test
    void theBandwidthCapReadsBytesSizesAndBitRates() {
        assertThat(cap(null)).isZero();
        assertThat(cap("0")).isZero();
        assertThat(cap("10MB")).isEqualTo(10L << 20);
        assertThat(cap("80Mbit/s")).isEqualTo(10_000_000L);
        assertThat(cap(2_000_000)).as("a number Wowza hands over as an Integer").isEqualTo(2_000_000L);
        Map<String, Object> p = new HashMap<>();
        p.put("s3UploadMaxBytesPerSecond", "25MB");
        ModuleSettings s = new ModuleSettings(p);
        assertThat(s.engine(Arrays.asList(Paths.get("/tmp/rec")), "app", "_definst_", 0).build().maxBytesPerSecond())
                .isEqualTo(25L << 20);
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void aBadBandwidthCapIsAProblemNamingThePropertyAndTheForms() {
        for (Object bad : new Object[] {"fast", "10 TB", "-1", -1, "1.5MB"}) {
            Map<String, Object> p = new HashMap<>();
            p.put("s3UploadMaxBytesPerSecond", bad);
            ModuleSettings s = new ModuleSettings(p);
            assertThat(s.maxBytesPerSecond()).as("no cap from %s", bad).isZero();
            assertThat(s.problems()).as("problems for %s", bad).singleElement().satisfies(m -> assertThat(m)
                    .contains("s3UploadMaxBytesPerSecond").contains("'" + bad + "'").contains("10MB").contains("80Mbit"));
        }
    }

    private static long cap(Object value) {
        Map<String, Object> p = new HashMap<>();
        if (value != null) {
            p.put("s3UploadMaxBytesPerSecond", value);
        }
        ModuleSettings s = new ModuleSettings(p);
        long cap = s.maxBytesPerSecond();
        assertThat(s.problems()).isEmpty();
        return cap;
    }
}
