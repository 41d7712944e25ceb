package org.s3upload.reliability;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;

/**
 * A JVM of its own for {@link HttpsTrustStoreTest}: the JVM's trust store is a process-wide
 * setting ({@code javax.net.ssl.trustStore}), fixed at the first TLS use, so it cannot be changed
 * inside the test JVM. Uploads one file through the s3 provider and prints {@code OK <md5>} or
 * {@code FAILED <message>}.
 */
public final class HttpsUploadChild {
    private HttpsUploadChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("bucket", args[1]);
        c.put("endpoint", args[0]);
        c.put("pathStyleAccess", "true");
        c.put("accessKey", args[3]);
        c.put("secretKey", args[4]);
        c.put("maxErrorRetry", "0");
        Path file = Paths.get(args[2]);
        try (UploadTarget t = UploadTargets.create(UploadTargets.provider("s3"), c)) {
            UploadResult r = t.start(UploadRequest.builder(file, file.getFileName().toString()).build(), UploadListener.NONE)
                    .await(60, TimeUnit.SECONDS);
            System.out.println("OK " + r.md5().orElse(r.checksum().toString()));
        } catch (Exception e) {
            System.out.println("FAILED " + e.getMessage());
        }
        System.out.flush();
        System.exit(0);
    }
}
