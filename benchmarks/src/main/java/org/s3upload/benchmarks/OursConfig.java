package org.s3upload.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** The S3 provider's configuration for the benchmark server; extras (partSize, uploadThreads, signer...) override. */
final class OursConfig {
    private OursConfig() {
    }

    /** The {@code key=value} arguments from index {@code from} on, in order. */
    static Map<String, String> extras(String[] args, int from) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument '" + args[i] + "' is not KEY=VALUE (a provider-s3 config key)");
            }
            extra.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return extra;
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
