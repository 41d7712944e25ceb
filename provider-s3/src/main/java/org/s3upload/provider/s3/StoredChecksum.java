package org.s3upload.provider.s3;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;

import com.amazonaws.services.s3.model.ObjectMetadata;

/**
 * Reads S3's own checksum of an object from its ETag. A single PUT's ETag is the MD5 of its
 * bytes; a multipart object's is md5(concatenated part MD5s)-N, which needs the part size to be
 * recomputed from a local file: we store it at initiate as user metadata {@value #PART_SIZE_METADATA}.
 * Under SSE-KMS or SSE-C the ETag is not an MD5 at all (S3 API Reference, Object "ETag"), so there
 * is no checksum to read.
 */
final class StoredChecksum {
    /** User-metadata name (header x-amz-meta-part-size) of the part size of a multipart upload. */
    static final String PART_SIZE_METADATA = "part-size";

    private static final Pattern MULTIPART = Pattern.compile("([0-9a-f]{32})-([0-9]{1,5})");

    private StoredChecksum() {
    }

    /**
     * The object's checksum, or null when its ETag is not a content hash (SSE-KMS, SSE-C, a foreign
     * format) or the part size of a multipart ETag is unknown. The part size is the stored
     * metadata's, else the first of {@code candidatePartSizes} that gives the ETag's part count.
     */
    static Checksum of(ObjectMetadata m, long... candidatePartSizes) {
        if (!etagIsMd5(m)) {
            return null;
        }
        String etag = FileDigests.normalizeEtag(m.getETag());
        if (Checksums.isMd5Hex(etag)) {
            return Checksum.md5(etag);
        }
        Matcher e = etag == null ? null : MULTIPART.matcher(etag);
        if (e == null || !e.matches()) {
            return null;
        }
        int parts = Integer.parseInt(e.group(2));
        long size = m.getContentLength();
        long stored = partSizeMetadata(m);
        if (fits(size, stored, parts)) {
            return Checksum.partMd5s(e.group(1), parts, stored);
        }
        for (long candidate : candidatePartSizes) {
            if (fits(size, candidate, parts)) {
                return Checksum.partMd5s(e.group(1), parts, candidate);
            }
        }
        return null;
    }

    /** True when the object's ETag is an MD5 (of the bytes, or of the part MD5s): not under SSE-KMS or SSE-C. */
    static boolean etagIsMd5(ObjectMetadata m) {
        String sse = m.getSSEAlgorithm();
        return (sse == null || "AES256".equals(sse)) && m.getSSECustomerAlgorithm() == null;
    }

    /** True when parts' ETags are MD5s of their bytes with these settings (not SSE-KMS). */
    static boolean etagsAreMd5(S3Settings s) {
        return !"aws:kms".equals(s.sse);
    }

    private static long partSizeMetadata(ObjectMetadata m) {
        String v = m.getUserMetadata().get(PART_SIZE_METADATA);
        if (v == null || !v.matches("[0-9]{1,19}")) {
            return -1;
        }
        return Long.parseLong(v);
    }

    /** True when {@code parts} parts of {@code partSize} (the last shorter) make {@code size} bytes. */
    private static boolean fits(long size, long partSize, int parts) {
        return partSize > 0 && PartSizes.partCount(size, partSize) == parts
                && (parts == 1 || size > (parts - 1) * partSize);
    }
}
