package org.s3upload.provider.s3;

/** S3's multipart limits and the part-size arithmetic that keeps every upload within them. */
final class PartSizes {
    static final long MIB = 1024L * 1024L;
    /** S3's smallest part (except the last). */
    static final long MIN_PART = 5 * MIB;
    /** S3's largest part, and the largest single PUT. */
    static final long MAX_PART = 5L * 1024 * MIB;
    /** S3 numbers parts 1 to 10,000. */
    static final int MAX_PARTS = 10_000;

    private PartSizes() {
    }

    /**
     * The part size for a file of {@code fileSize} bytes: the configured size, grown (to a whole
     * MiB) when the file would otherwise need more than {@link #MAX_PARTS} parts.
     */
    static long forFile(long fileSize, long configuredPartSize) {
        long needed = ceilDiv(fileSize, MAX_PARTS);
        long size = Math.max(configuredPartSize, ceilDiv(needed, MIB) * MIB);
        return size;
    }

    /**
     * The part size the SDK uses when it resumes a multipart upload whose token records
     * {@code recordedPartSize} (TransferManagerUtils.calculateOptimalPartSize in 1.10.77).
     */
    static long sdkPartSize(long fileSize, long recordedPartSize) {
        return Math.max(ceilDiv(fileSize, MAX_PARTS), recordedPartSize);
    }

    /** Number of parts of {@code partSize} bytes needed for {@code fileSize} bytes (at least 1). */
    static int partCount(long fileSize, long partSize) {
        return (int) Math.max(1, ceilDiv(fileSize, partSize));
    }

    /** Length of part {@code partNumber} (1-based). */
    static long partLength(long fileSize, long partSize, int partNumber) {
        long offset = (partNumber - 1) * partSize;
        return Math.max(0, Math.min(partSize, fileSize - offset));
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
