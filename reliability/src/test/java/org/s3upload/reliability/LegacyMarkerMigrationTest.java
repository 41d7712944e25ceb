package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.model.CompleteMultipartUploadRequest;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ListPartsRequest;
import com.amazonaws.services.s3.model.PartETag;
import com.amazonaws.services.s3.model.PartSummary;
import com.amazonaws.services.s3.model.UploadPartRequest;
import com.amazonaws.services.s3.transfer.PersistableUpload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.provider.s3.S3ProxyServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;

/**
 * Migration is a JAR swap: markers the original ModuleS3Upload left (the SDK's PersistableUpload
 * JSON of a multipart upload begun without our md5 metadata) are finished by the module through
 * the s3 provider, sending only the missing parts, once; the object ends up with the md5 metadata
 * every object of ours has.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LegacyMarkerMigrationTest {
    private static final long MIB = 1L << 20;
    private static final long PART = 5 * MIB;
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets("migrated").adminWithoutRetries();

    @TempDir
    Path dir;

    @Test
    void pendingUploadsOfTheOriginalModuleAreFinishedNotRepeated() throws Exception {
        Path content = dir.resolve("content");
        try (Host h = new Host(content)) {
            byte[] halfway = Host.bytes((int) (3 * PART + 17), 1);
            byte[] finished = Host.bytes((int) (2 * PART + 5), 2);
            Path a = h.write("halfway.mp4", halfway);
            Path b = h.write("finished.mp4", finished);
            // The original was interrupted after 2 of 4 parts of one, and after completing the other
            // but before deleting its marker.
            writeMarker(a, startAsTheOriginalDid(a, "halfway.mp4", 2, false));
            writeMarker(b, startAsTheOriginalDid(b, "finished.mp4", 3, true));

            s3(h).start();
            h.awaitSettled(2, 0);

            assertThat(S3.server().read("migrated", "halfway.mp4")).isEqualTo(halfway);
            assertThat(S3.server().read("migrated", "finished.mp4")).isEqualTo(finished);
            for (String name : new String[] {"halfway.mp4", "finished.mp4"}) {
                assertThat(S3.server().admin().getObjectMetadata("migrated", name).getUserMetadata())
                        .as(name + " carries the part-size metadata that lets its ETag be recomputed").containsKey("part-size");
                assertThat(h.log.lines().stream().filter(l -> l.contains("resuming ") && l.contains(name)).count())
                        .as(name + " resumed once, not uploaded again").isEqualTo(1);
                assertThat(content.resolve(name + ".upload")).doesNotExist();
            }
            assertThat(h.log.lines()).noneMatch(l -> l.contains("uploading ") && l.contains(" -> "));
            assertThat(h.log.lines()).anyMatch(l -> l.contains("uploaded " + a) && l.contains("resumed: sent " + (PART + 17)));
            assertThat(h.log.lines()).anyMatch(l -> l.contains("uploaded " + b));
            assertThat(h.log.at("WARN")).isEmpty();
            assertThat(h.log.at("ERROR")).isEmpty();
        }
    }

    private Host s3(Host h) {
        return h.set("s3UploadTarget", "s3").set("s3UploadBucketName", "migrated")
                .set("s3UploadEndpoint", "http://127.0.0.1:" + S3.server().port()).set("s3UploadPathStyleAccess", "true")
                .set("s3UploadAccessKey", S3ProxyServer.ACCESS_KEY).set("s3UploadSecretKey", S3ProxyServer.SECRET_KEY)
                .set("s3UploadDeleteOriginalFiles", "false");
    }

    /** A multipart upload begun as the original did (SDK defaults: no md5 metadata), {@code parts} stored. */
    private static String startAsTheOriginalDid(Path file, String key, int parts, boolean complete) {
        String id = S3.server().admin().initiateMultipartUpload(new InitiateMultipartUploadRequest("migrated", key)).getUploadId();
        long size = file.toFile().length();
        for (int p = 1; p <= parts; p++) {
            long offset = (p - 1) * PART;
            S3.server().admin().uploadPart(new UploadPartRequest().withBucketName("migrated").withKey(key).withUploadId(id)
                    .withPartNumber(p).withFile(file.toFile()).withFileOffset(offset).withPartSize(Math.min(PART, size - offset)));
        }
        if (complete) {
            List<PartETag> etags = new ArrayList<>();
            for (PartSummary s : S3.server().admin().listParts(new ListPartsRequest("migrated", key, id)).getParts()) {
                etags.add(new PartETag(s.getPartNumber(), s.getETag()));
            }
            S3.server().admin().completeMultipartUpload(new CompleteMultipartUploadRequest("migrated", key, id, etags));
        }
        return new PersistableUpload("migrated", key, file.toAbsolutePath().toString(), id, PART, 16 * MIB).serialize();
    }

    private static void writeMarker(Path recording, String json) throws Exception {
        Files.write(recording.resolveSibling(recording.getFileName() + ".upload"), json.getBytes(StandardCharsets.UTF_8));
    }
}
