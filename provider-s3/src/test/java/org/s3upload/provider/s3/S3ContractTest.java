package org.s3upload.provider.s3;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.contract.UploadTargetContractTest;

/** The SPI contract suite against S3Proxy through the provider as the module JAR ships it. */
class S3ContractTest extends UploadTargetContractTest {
    private static final String BUCKET = "contract";
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3.server();
    }

    @Override
    protected UploadTargetProvider provider() {
        return new S3UploadTargetProvider();
    }

    @Override
    protected Map<String, String> config() {
        return server.config(BUCKET);
    }

    @Override
    protected byte[] readObject(String key) throws Exception {
        return server.read(BUCKET, key);
    }

    @Override
    protected void awaitStoreQuiet() throws Exception {
        server.awaitQuiet(BUCKET);
    }

    @Override
    protected long partSize() {
        return 5L << 20;
    }

    @Override
    protected Map<String, Map<String, String>> invalidConfigs() {
        Map<String, String> ok = config();
        Map<String, Map<String, String>> bad = new LinkedHashMap<>();
        bad.put("bucket", with(ok, "bucket", null));
        bad.put("endpoint", with(ok, "endpoint", "ftp://example.com"));
        bad.put("secretKey", with(ok, "secretKey", null));
        bad.put("accessKey", with(ok, "accessKey", null));
        bad.put("partSize", with(ok, "partSize", "1MiB"));
        bad.put("multipartThreshold", with(ok, "multipartThreshold", "lots"));
        bad.put("cannedAcl", with(ok, "cannedAcl", "world-writable"));
        bad.put("storageClass", with(ok, "storageClass", "COLD"));
        bad.put("sse", with(ok, "sse", "rot13"));
        bad.put("sseKmsKeyId", with(ok, "sseKmsKeyId", "alias/x"));
        bad.put("uploadThreads", with(ok, "uploadThreads", "0"));
        bad.put("socketTimeoutMs", with(ok, "socketTimeoutMs", "-5"));
        bad.put("maxErrorRetry", with(ok, "maxErrorRetry", "many"));
        bad.put("signer", with(ok, "signer", "v3"));
        bad.put("pathStyleAccess", with(ok, "pathStyleAccess", "sometimes"));
        bad.put("aclPermission", with(ok, "aclGroupGranteeUri", "http://acs.amazonaws.com/groups/global/AllUsers"));
        bad.put("profileFile", with(ok, "profileFile", "/no/such/credentials"));
        return bad;
    }
}
