package org.s3upload.provider.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;

/**
 * The MD5 of every part of one multipart upload, as read from the local file: of the parts sent
 * (the same pass that produced their Content-MD5) and of the parts a resume found stored (hashed
 * from the local slices). Together they give the checksum S3 must show as the object's ETag.
 */
final class PartDigests {
    private final ConcurrentMap<Integer, byte[]> md5s = new ConcurrentHashMap<>();

    void put(int partNumber, byte[] md5) {
        md5s.put(partNumber, md5.clone());
    }

    /** S3's multipart checksum of parts 1 to {@code count}; null when the MD5 of one of them is unknown. */
    Checksum checksum(int count, long partSize) {
        List<byte[]> inOrder = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            byte[] md5 = md5s.get(n);
            if (md5 == null) {
                return null;
            }
            inOrder.add(md5);
        }
        return Checksums.ofPartMd5s(inOrder, partSize);
    }
}
