package org.s3upload.benchmarks;

import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.S3Object;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.s3upload.spi.support.Checksums;

/**
 * Reads each stored object back over HTTP and compares its size and MD5 with the local file's: the
 * only check that holds for every tool, since multipart ETags are not MD5s and differ by part size.
 */
final class ObjectVerifier implements AutoCloseable {
    private final AmazonS3Client s3;
    private final String bucket;

    ObjectVerifier(S3Endpoint endpoint) {
        this.s3 = endpoint.sdkClient("v4");
        this.bucket = endpoint.bucket();
    }

    /** What was found at a key. */
    record Check(String key, boolean present, long size, String md5, boolean matches) {
        String describe() {
            return present ? (matches ? "ok" : "MISMATCH size=" + size + " md5=" + md5) : "MISSING";
        }
    }

    Check verify(String key, long expectedSize, String expectedMd5) throws IOException {
        if (!s3.doesObjectExist(bucket, key)) {
            return new Check(key, false, -1, null, false);
        }
        MessageDigest md5 = Checksums.newMd5();
        long size = 0;
        byte[] buf = new byte[1 << 20];
        try (S3Object o = s3.getObject(bucket, key); InputStream in = o.getObjectContent()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md5.update(buf, 0, n);
                size += n;
            }
        }
        String hex = Checksums.hex(md5.digest());
        return new Check(key, true, size, hex, size == expectedSize && hex.equals(expectedMd5));
    }

    void delete(String key) {
        s3.deleteObject(bucket, key);
    }

    /** Multipart uploads still open under {@code prefix}: a finished benchmark should leave none. */
    int incompleteUploads(String prefix) {
        return s3.listMultipartUploads(new ListMultipartUploadsRequest(bucket).withPrefix(prefix)).getMultipartUploads().size();
    }

    AmazonS3Client client() {
        return s3;
    }

    @Override
    public void close() {
        s3.shutdown();
    }
}
