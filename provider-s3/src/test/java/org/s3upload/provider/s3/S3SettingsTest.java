package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.s3upload.spi.ConfigKey;
import org.s3upload.api.UploadException;

class S3SettingsTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("bucket", "recordings");
        return m;
    }

    @Test
    void defaults() throws Exception {
        S3Settings s = S3Settings.parse(base());
        assertThat(s.partSize).isEqualTo(16L << 20);
        assertThat(s.threshold).isEqualTo(16L << 20);
        assertThat(s.threads).isEqualTo(4);
        assertThat(s.keyPrefix).isEmpty();
        assertThat(s.cannedAcl).isNull();
        assertThat(s.signerV2).isFalse();
        assertThat(s.effectiveRegion()).isEqualTo("us-east-1");
        assertThat(s.describe()).isEqualTo("s3://recordings/ at Amazon S3 (region us-east-1)");
    }

    @Test
    void parsesEveryKey() throws Exception {
        Map<String, String> m = base();
        m.put("region", "eu-west-1");
        m.put("endpoint", "https://minio.example:9000/");
        m.put("pathStyleAccess", "TRUE");
        m.put("accessKey", "AKIDEXAMPLE");
        m.put("secretKey", SECRET);
        m.put("keyPrefix", "wowza/live/");
        m.put("cannedAcl", "bucket-owner-full-control");
        m.put("storageClass", "standard_ia");
        m.put("sse", "aws:kms");
        m.put("sseKmsKeyId", "alias/recordings");
        m.put("partSize", "16MiB");
        m.put("multipartThreshold", "33554432");
        m.put("uploadThreads", "8");
        m.put("connectionTimeoutMs", "2000");
        m.put("socketTimeoutMs", "3000");
        m.put("maxErrorRetry", "0");
        m.put("checkBucket", "false");
        S3Settings s = S3Settings.parse(m);
        assertThat(s.endpoint).isEqualTo("https://minio.example:9000");
        assertThat(s.pathStyle).isTrue();
        assertThat(s.cannedAcl.toString()).isEqualTo("bucket-owner-full-control");
        assertThat(s.storageClass).isEqualTo("STANDARD_IA");
        assertThat(s.partSize).isEqualTo(16L << 20);
        assertThat(s.threshold).isEqualTo(32L << 20);
        assertThat(s.objectKey("a.mp4")).isEqualTo("wowza/live/a.mp4");
        assertThat(s.describe()).doesNotContain(SECRET).contains("wowza/live/").contains("minio.example");
    }

    @Test
    void reportsEveryBadKeyInOneMessageWithoutSecrets() {
        Map<String, String> m = new HashMap<>();
        m.put("secretKey", SECRET);
        m.put("endpoint", "ftp://minio:9000");
        m.put("partSize", "4MiB");
        m.put("uploadThreads", "100");
        m.put("cannedAcl", "public");
        m.put("aclPermission", "READ");
        m.put("sse", "AES128");
        UploadException e = assertThrows(UploadException.class, () -> S3Settings.parse(m));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("'bucket' is missing", "'accessKey' is missing", "'endpoint'",
                "'partSize'", "'uploadThreads'", "'cannedAcl'", "'aclGroupGranteeUri' is missing", "'sse'");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void bodiesAreLeftOutOfTheSignatureByDefaultOverHttpAndHttpsAndV4ForcesPayloadSigning() throws Exception {
        Map<String, String> aws = base();
        aws.remove("endpoint");
        assertThat(S3Settings.parse(aws).unsignedPayload).as("AWS itself (https)").isTrue();
        Map<String, String> https = base();
        https.put("endpoint", "https://minio.example:9000");
        assertThat(S3Settings.parse(https).unsignedPayload).isTrue();
        Map<String, String> http = base();
        http.put("endpoint", "http://127.0.0.1:9000");
        assertThat(S3Settings.parse(http).unsignedPayload).as("Content-MD5 protects the body over http too").isTrue();
        http.put("signer", "v4");
        assertThat(S3Settings.parse(http).unsignedPayload).isFalse();
        http.put("signer", "v4-unsigned-payload");
        assertThat(S3Settings.parse(http).unsignedPayload).isTrue();
        https.put("signer", "v4");
        assertThat(S3Settings.parse(https).unsignedPayload).isFalse();
        https.put("signer", "v3");
        assertThat(assertThrows(UploadException.class, () -> S3Settings.parse(https)).getMessage())
                .contains("'signer'").contains("v4-unsigned-payload");
    }

    /** The original module's form: a bare host (builds up to 49 passed it to the SDK, which took it as https). */
    @Test
    void aBareHostEndpointIsHttpsAndAnAmazonHostNamesTheRegion() throws Exception {
        String[][] cases = {
            {"minio.local:9000", "https://minio.local:9000", null},
            {"s3.eu-west-1.amazonaws.com", "https://s3.eu-west-1.amazonaws.com", "eu-west-1"},
            {"s3-us-west-2.amazonaws.com", "https://s3-us-west-2.amazonaws.com", "us-west-2"},
            {"s3.dualstack.ap-southeast-2.amazonaws.com", "https://s3.dualstack.ap-southeast-2.amazonaws.com", "ap-southeast-2"},
            {"s3.amazonaws.com", "https://s3.amazonaws.com", "us-east-1"},
            {"s3-external-1.amazonaws.com", "https://s3-external-1.amazonaws.com", "us-east-1"},
            {"https://s3.eu-central-1.amazonaws.com", "https://s3.eu-central-1.amazonaws.com", "eu-central-1"},
        };
        for (String[] c : cases) {
            Map<String, String> m = base();
            m.put("endpoint", c[0]);
            S3Settings s = S3Settings.parse(m);
            assertThat(s.endpoint).as(c[0]).isEqualTo(c[1]);
            assertThat(s.region).as(c[0]).isEqualTo(c[2]);
            assertThat(s.unsignedPayload).as("https: " + c[0]).isTrue();
        }
        Map<String, String> m = base();
        m.put("endpoint", "s3.eu-west-1.amazonaws.com");
        m.put("region", "eu-west-2");
        assertThat(S3Settings.parse(m).region).as("a configured region wins").isEqualTo("eu-west-2");
    }

    @Test
    void aMalformedEndpointIsNamedButNotRepeatedSinceItMayHoldAPassword() {
        for (String bad : new String[] {"ftp://user:hunter2@host", "https://user:hunter2@host:9000"}) {
            Map<String, String> m = base();
            m.put("endpoint", bad);
            UploadException e = assertThrows(UploadException.class, () -> S3Settings.parse(m));
            assertThat(e.getMessage()).as(bad).contains("'endpoint'").doesNotContain("hunter2");
        }
    }

    @Test
    void credentialsComeInPairsAndTheMessageSaysWhichIsMissing() {
        Map<String, String> m = base();
        m.put("accessKey", "AKIDEXAMPLE");
        UploadException e = assertThrows(UploadException.class, () -> S3Settings.parse(m));
        assertThat(e.getMessage()).contains("'secretKey' is missing");
    }

    @Test
    void kmsNeedsSigV4AndKeyIdNeedsKms() {
        Map<String, String> m = base();
        m.put("sse", "aws:kms");
        m.put("signer", "v2");
        assertThat(assertThrows(UploadException.class, () -> S3Settings.parse(m)).getMessage()).contains("'signer'");
        Map<String, String> k = base();
        k.put("sseKmsKeyId", "alias/x");
        assertThat(assertThrows(UploadException.class, () -> S3Settings.parse(k)).getMessage()).contains("'sseKmsKeyId'");
    }

    @Test
    void everyKeyIsDocumentedAndSecretsAreMarked() {
        Map<String, ConfigKey> keys = S3ConfigKeys.KEYS.stream().collect(Collectors.toMap(ConfigKey::name, k -> k));
        assertThat(keys).containsOnlyKeys("bucket", "region", "endpoint", "pathStyleAccess", "accessKey", "secretKey",
                "profile", "profileFile", "keyPrefix", "cannedAcl", "aclGroupGranteeUri", "aclPermission", "storageClass",
                "sse", "sseKmsKeyId", "partSize", "multipartThreshold", "uploadThreads", "connectionTimeoutMs",
                "socketTimeoutMs", "maxErrorRetry", "signer", "checkBucket");
        assertThat(keys.get("secretKey").secret()).isTrue();
        assertThat(keys.get("accessKey").secret()).isFalse();
        assertThat(keys.get("bucket").required()).isTrue();
        assertThat(keys.values()).allSatisfy(k -> assertThat(k.description()).isNotBlank());
    }

    @Test
    void legacyGranteeAclIsParsed() throws Exception {
        Map<String, String> m = base();
        m.put("aclGroupGranteeUri", "http://acs.amazonaws.com/groups/global/AllUsers");
        m.put("aclPermission", "read");
        S3Settings s = S3Settings.parse(m);
        assertThat(s.aclGrantee).isNotNull();
        assertThat(s.aclPermission.toString()).isEqualTo("READ");
    }
}
