package org.s3upload.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** The S3 provider's configuration for the benchmark server; extras (partSize, uploadThreads, signer...) override. */
final class OursConfig {
    private OursConfig() {
    }

    static Map<String, String> providerConfig(S3Endpoint endpoint, Map<String, String> extra) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bucket", endpoint.bucket());
        c.put("region", S3Endpoint.REGION);
        c.put("endpoint", endpoint.url());
        c.put("pathStyleAccess", "true");
        c.put("accessKey", endpoint.accessKey());
        c.put("secretKey", endpoint.secretKey());
        c.putAll(extra);
        return c;
    }
}
