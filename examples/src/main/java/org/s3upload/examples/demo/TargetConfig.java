package org.s3upload.examples.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provider id and provider configuration of a demo run, and the Application.xml properties
 * that give both to the module ({@code s3UploadTarget}, {@code s3Upload.<id>.<key>}). Immutable.
 */
final class TargetConfig {
    /** Key prefix of every demo object. */
    static final String KEY_PREFIX = "demo/";
    /** The filesystem provider journals every chunk this size, so a resumed copy continues from the last one. */
    static final String FILESYSTEM_CHUNK = "1MiB";

    final String providerId;
    final Map<String, String> provider;
    final String endpoint;
    final String region;
    final boolean pathStyle;
    final String accessKey;
    final String secretKey;
    final String bucket;

    private TargetConfig(String providerId, Map<String, String> provider, String endpoint, String region, boolean pathStyle,
                         String accessKey, String secretKey, String bucket) {
        this.providerId = providerId;
        this.provider = Collections.unmodifiableMap(new LinkedHashMap<>(provider));
        this.endpoint = endpoint;
        this.region = region;
        this.pathStyle = pathStyle;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
    }

    static TargetConfig filesystem(DemoDirs dirs) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("root", dirs.bucket().toString());
        m.put("chunkSize", FILESYSTEM_CHUNK);
        return new TargetConfig(DemoOptions.FILESYSTEM, m, null, null, false, null, null, null);
    }

    /** {@code endpoint} is the embedded server's when the options name none. */
    static TargetConfig s3(DemoOptions o, String embeddedEndpoint) {
        boolean embedded = o.endpoint == null;
        String endpoint = embedded ? embeddedEndpoint : o.endpoint;
        String region = embedded ? EmbeddedS3.REGION : (o.region != null ? o.region : "us-east-1");
        boolean pathStyle = embedded || o.pathStyle;
        String accessKey = embedded ? EmbeddedS3.ACCESS_KEY : o.accessKey;
        String secretKey = embedded ? EmbeddedS3.SECRET_KEY : o.secretKey;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bucket", o.bucket);
        m.put("endpoint", endpoint);
        m.put("region", region);
        m.put("pathStyleAccess", String.valueOf(pathStyle));
        if (accessKey != null) {
            m.put("accessKey", accessKey);
            m.put("secretKey", secretKey);
        }
        // Parts as small as S3 allows and multipart from the first part on, so that the default
        // demo recording is uploaded in parts and a crash leaves parts to resume from.
        m.put("partSize", o.partSizeMb + "MiB");
        m.put("multipartThreshold", o.partSizeMb + "MiB");
        return new TargetConfig(DemoOptions.S3, m, endpoint, region, pathStyle, accessKey, secretKey, o.bucket);
    }

    /** The application's properties, as they would stand in Application.xml. */
    Map<String, String> moduleProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        // Several providers are on the demo's classpath (filesystem, s3, webdav): always name one.
        p.put("s3UploadTarget", providerId);
        for (Map.Entry<String, String> e : provider.entrySet()) {
            p.put("s3Upload." + providerId + "." + e.getKey(), e.getValue());
        }
        p.put("s3UploadFilePrefix", KEY_PREFIX);
        // One recording at a time, so the demo can tell which recording the module's bytes belong to.
        p.put("s3UploadMaxConcurrentUploads", "1");
        // Short retry delays: a demo should show a failure within seconds.
        p.put("s3UploadRetryInitialDelay", "1000");
        p.put("s3UploadRetryMaxDelay", "4000");
        p.put("s3UploadShutdownTimeout", "5000");
        p.put("s3UploadStatusInterval", "10000");
        return p;
    }
}
