package org.s3upload.provider.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;

/**
 * Run in a child JVM by {@link CrashResumeTest}: uploads one file and persists every resume token
 * (temp file + atomic rename), until the test kills it with SIGKILL.
 * Arguments: endpoint bucket file key tokenFile partSize threads.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("endpoint", args[0]);
        c.put("bucket", args[1]);
        c.put("pathStyleAccess", "true");
        c.put("accessKey", S3ProxyServer.ACCESS_KEY);
        c.put("secretKey", S3ProxyServer.SECRET_KEY);
        c.put("partSize", args[5]);
        c.put("multipartThreshold", args[5]);
        c.put("uploadThreads", args[6]);
        Path tokenFile = Paths.get(args[4]);
        UploadTarget t = new S3UploadTargetProvider().create(c);
        t.start(UploadRequest.builder(Paths.get(args[2]), args[3]).build(), new UploadListener() {
            @Override
            public void onResumeToken(String token) {
                try {
                    Path tmp = tokenFile.resolveSibling(tokenFile.getFileName() + ".tmp");
                    Files.write(tmp, token.getBytes(StandardCharsets.UTF_8));
                    Files.move(tmp, tokenFile, StandardCopyOption.ATOMIC_MOVE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }).await();
        System.out.println("completed before the kill");
    }
}
