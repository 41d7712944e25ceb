package org.s3upload.provider.s3;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import org.s3upload.spi.support.Checksums;

/**
 * One request body (a part, or a single PUT) read once from the local file and hashed once: its
 * MD5 goes out as {@code Content-MD5} (the store rejects a body damaged on the way, BadDigest) and
 * is then compared with the ETag and kept for the object's proof.
 *
 * <p>Bodies up to {@link #MAX_BUFFERED} are read with one positional read into a buffer the
 * thread reuses, and sent from it (one read, one MD5, no hashing by the SDK). Larger ones are
 * hashed by a first read and sent from the file by the SDK (a second read, from the page cache):
 * a heap buffer the size of a multi-GiB part is not worth it.
 */
final class PartBody {
    /** Largest body kept in memory; 4 threads of 8 MiB parts hold 32 MiB. */
    static final int MAX_BUFFERED = 32 << 20;

    private static final ThreadLocal<byte[]> BUFFERS = new ThreadLocal<>();

    /** Binary MD5 of the body. */
    final byte[] md5;
    /** The body from memory, or null when it is sent from the file. */
    final InputStream buffered;

    private PartBody(byte[] md5, InputStream buffered) {
        this.md5 = md5;
        this.buffered = buffered;
    }

    /** Reads {@code length} bytes of {@code file} at {@code offset}. */
    static PartBody read(File file, long offset, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            if (length > MAX_BUFFERED) {
                return new PartBody(FileDigests.md5(ch, offset, length), null);
            }
            int n = (int) length;
            byte[] buf = BUFFERS.get();
            if (buf == null || buf.length < n) {
                buf = new byte[n];
                BUFFERS.set(buf);
            }
            FileDigests.readFully(ch, offset, buf, n);
            MessageDigest md = Checksums.newMd5();
            md.update(buf, 0, n);
            return new PartBody(md.digest(), new ByteArrayInputStream(buf, 0, n));
        }
    }

    /** The MD5 as the Content-MD5 header carries it. */
    String contentMd5() {
        return java.util.Base64.getEncoder().encodeToString(md5);
    }

    String md5Hex() {
        return Checksums.hex(md5);
    }
}
