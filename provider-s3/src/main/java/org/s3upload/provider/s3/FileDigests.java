package org.s3upload.provider.s3;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Locale;

import org.s3upload.spi.support.Checksums;

/** MD5s of slices of a local file by large positional reads, and ETags in comparable form. */
final class FileDigests {
    /** Read size when a slice is hashed without being kept. */
    private static final int READ_SIZE = 1 << 20;

    private FileDigests() {
    }

    /** Binary MD5 of {@code length} bytes at {@code offset}; EOFException when the file is shorter. */
    static byte[] md5(FileChannel ch, long offset, long length) throws IOException {
        MessageDigest md = Checksums.newMd5();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(READ_SIZE, Math.max(1, length)));
        long done = 0;
        while (done < length) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), length - done));
            int n = ch.read(buf, offset + done);
            if (n < 0) {
                throw new EOFException("the file ends at " + (offset + done) + ", before " + (offset + length));
            }
            md.update(buf.array(), 0, n);
            done += n;
        }
        return md.digest();
    }

    /** An ETag as S3 returns it, without quotes, in lowercase. */
    static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    static byte[] unhex(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
