package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;

import com.amazonaws.event.ProgressEvent;
import com.amazonaws.event.ProgressEventType;
import com.amazonaws.event.SyncProgressListener;
import com.amazonaws.services.s3.model.CompleteMultipartUploadRequest;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.UploadPartRequest;
import com.amazonaws.services.s3.model.UploadPartResult;

/**
 * A body read into memory is sent from its buffer in large writes ({@link BufferedBodyEntity}),
 * not through the SDK's 4 KiB stream copies, and the request's listeners still hear every byte.
 * The write size shows in the progress events: the SDK's stream reports every 8 KiB or so, the
 * buffered body one event per write of {@link BufferedBodyEntity#WRITE_SIZE}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BufferedBodyTest {
    private static final String BUCKET = "buffered";
    private static final int MIB = 1 << 20;
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    private static S3ProxyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = S3.server();
    }

    /** Byte counts of the request's transfer events, in order. */
    private static final class Transfers extends SyncProgressListener {
        final List<Long> bytes = new CopyOnWriteArrayList<>();

        @Override
        public void progressChanged(ProgressEvent e) {
            if (e.getEventType() == ProgressEventType.REQUEST_BYTE_TRANSFER_EVENT) {
                bytes.add(e.getBytesTransferred());
            }
        }

        long total() {
            long t = 0;
            for (long b : bytes) {
                t += b;
            }
            return t;
        }
    }

    private ObservedS3Client client() throws Exception {
        return S3ClientFactory.create(S3Settings.parse(server.config(BUCKET)));
    }

    @Test
    void aPartIsWrittenFromItsBufferInWritesOfAMebibyteAndEveryByteIsReported() throws Exception {
        int partSize = 5 * MIB + 123;
        File f = TestFiles.random(dir, "part.bin", 2L * partSize, 7).toFile();
        ObservedS3Client s3 = client();
        try {
            String id = s3.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "buffered/part.bin")).getUploadId();
            Transfers heard = new Transfers();
            UploadPartRequest part = new UploadPartRequest().withBucketName(BUCKET).withKey("buffered/part.bin")
                    .withUploadId(id).withPartNumber(2).withFile(f).withFileOffset(partSize).withPartSize(partSize);
            part.setGeneralProgressListener(heard);
            UploadPartResult stored = s3.uploadPart(part);

            assertThat(heard.total()).as("every byte of the part reported once").isEqualTo(partSize);
            assertThat(heard.bytes).as("one event per 1 MiB write, the rest last").hasSize(6)
                    .startsWith((long) MIB, (long) MIB, (long) MIB, (long) MIB, (long) MIB).endsWith(123L);
            assertThat(FileDigests.normalizeEtag(stored.getETag()))
                    .as("the store holds the part's bytes").isEqualTo(md5Hex(f, partSize, partSize));
            s3.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "buffered/part.bin", id,
                    java.util.Collections.singletonList(stored.getPartETag())));
        } finally {
            s3.shutdown();
        }
    }

    @Test
    void aSinglePutIsWrittenFromItsBufferToo() throws Exception {
        File f = TestFiles.random(dir, "single.bin", 3 * MIB + 5, 9).toFile();
        ObservedS3Client s3 = client();
        try {
            Transfers heard = new Transfers();
            PutObjectRequest put = new PutObjectRequest(BUCKET, "buffered/single.bin", f);
            put.setGeneralProgressListener(heard);
            s3.putObject(put);

            assertThat(heard.bytes).containsExactly((long) MIB, (long) MIB, (long) MIB, 5L);
            assertThat(server.md5(BUCKET, "buffered/single.bin")).isEqualTo(Checksums.md5Hex(f.toPath()));
        } finally {
            s3.shutdown();
        }
    }

    private static String md5Hex(File f, long offset, long length) throws Exception {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f.toPath())) {
            return Checksums.hex(FileDigests.md5(ch, offset, length));
        }
    }
}
