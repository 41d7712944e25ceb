package org.s3upload.examples.demo;

import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.model.ListPartsRequest;
import com.amazonaws.services.s3.model.PartListing;
import com.amazonaws.services.s3.model.PartSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.s3upload.internal.Json;
import org.s3upload.spi.support.ResumeTokens;

/**
 * How many bytes of an interrupted upload the storage already holds, measured independently of
 * the module (so the demo can compare it with what the resumed run sends): S3's ListParts for
 * the upload id in the token, or the filesystem provider's chunk journal. -1 when unknown.
 */
final class StoredBytes implements AutoCloseable {
    private final TargetConfig config;
    private AmazonS3Client s3;

    StoredBytes(TargetConfig config) {
        this.config = config;
    }

    /** Bytes of the partial upload named by {@code resumeToken} already stored, at most {@code size}. */
    long of(String resumeToken, long size) {
        try {
            Map<String, Object> token = Json.parseObject(resumeToken);
            String provider = ResumeTokens.providerOf(resumeToken);
            if (DemoOptions.S3.equals(provider)) {
                return Math.min(size, s3Parts(str(token, "bucket"), str(token, "key"), str(token, "uploadId")));
            }
            if (DemoOptions.FILESYSTEM.equals(provider)) {
                return Math.min(size, filesystemChunks(str(token, "key"), str(token, "uploadId"), num(token, "chunkSize")));
            }
            return -1;
        } catch (RuntimeException | IOException e) {
            return -1;
        }
    }

    private long s3Parts(String bucket, String key, String uploadId) {
        if (s3 == null) {
            s3 = S3Clients.create(config.endpoint, config.region, config.pathStyle, config.accessKey, config.secretKey);
        }
        long total = 0;
        ListPartsRequest request = new ListPartsRequest(bucket, key, uploadId);
        PartListing listing;
        do {
            listing = s3.listParts(request);
            for (PartSummary p : listing.getParts()) {
                total += p.getSize();
            }
            request.setPartNumberMarker(listing.getNextPartNumberMarker());
        } while (listing.isTruncated());
        return total;
    }

    /** The provider's journal beside {@code root/key}: {@code .name.s3upload-partial-<id>.journal} with chunksDone. */
    private long filesystemChunks(String key, String uploadId, long chunkSize) throws IOException {
        Path destination = Paths.get(config.provider.get("root")).resolve(key);
        Path journal = destination.resolveSibling("." + destination.getFileName() + ".s3upload-partial-" + uploadId + ".journal");
        try {
            Map<String, Object> j = Json.parseObject(new String(Files.readAllBytes(journal), StandardCharsets.UTF_8));
            return num(j, "chunksDone") * chunkSize;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static String str(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof String)) {
            throw new IllegalArgumentException("no " + name);
        }
        return (String) v;
    }

    private static long num(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("no " + name);
        }
        return ((Number) v).longValue();
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.shutdown();
        }
    }
}
