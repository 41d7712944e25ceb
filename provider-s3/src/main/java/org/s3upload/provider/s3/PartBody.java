package org.s3upload.provider.s3;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import org.s3upload.spi.support.Checksums;

/**
 * One request body (a part, or a single PUT) read once from the local file and hashed once: its
 * MD5 goes out as {@code Content-MD5} (the store rejects a body damaged on the way, BadDigest) and
 * is then compared with the ETag and kept for the object's proof.
 *
 * <p>Bodies up to {@link #MAX_BUFFERED} are read into a buffer the thread reuses, in slices of
 * {@link #SLICE} each hashed right after its read (while it is still in the CPU cache), and sent
 * from that buffer ({@link BufferedBodyEntity} writes it to the connection in large writes). Larger
 * ones are hashed by a first read and sent from the file by the SDK (a second read, from the page
 * cache): a heap buffer the size of a multi-GiB part is not worth it.
 */
final class PartBody {
    /** Largest body kept in memory; 4 threads of the default 16 MiB parts hold 64 MiB. */
    static final int MAX_BUFFERED = 32 << 20;
    /** Read-and-hash step: small enough to be hashed from the CPU cache, large enough for few reads. */
    static final int SLICE = 1 << 20;

    private static final ThreadLocal<byte[]> BUFFERS = new ThreadLocal<>();

    /** Binary MD5 of the body. */
    final byte[] md5;
    /** The body, in {@code bytes[0, length)}, or null when it is sent from the file. */
    private final byte[] bytes;
    final int length;

    private PartBody(byte[] md5, byte[] bytes, int length) {
        this.md5 = md5;
        this.bytes = bytes;
        this.length = length;
    }

    /** Reads {@code length} bytes of {@code file} at {@code offset}. */
    static PartBody read(File file, long offset, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            if (length > MAX_BUFFERED) {
                return new PartBody(FileDigests.md5(ch, offset, length), null, -1);
            }
            int n = (int) length;
            byte[] buf = BUFFERS.get();
            if (buf == null || buf.length < n) {
                buf = new byte[n];
                BUFFERS.set(buf);
            }
            MessageDigest md = Checksums.newMd5();
            ByteBuffer dst = ByteBuffer.wrap(buf, 0, n);
            int hashed = 0;
            while (hashed < n) {
                dst.limit(Math.min(n, hashed + SLICE));
                while (dst.hasRemaining()) {
                    if (ch.read(dst, offset + dst.position()) < 0) {
                        throw new EOFException("the file ends at " + (offset + dst.position()) + ", before " + (offset + length));
                    }
                }
                md.update(buf, hashed, dst.position() - hashed);
                hashed = dst.position();
            }
            return new PartBody(md.digest(), buf, n);
        }
    }

    /** True when the body is in memory (then {@link #stream()} and {@link #bytes()} give it). */
    boolean buffered() {
        return bytes != null;
    }

    /** The body as a stream, for the SDK's request (whose entity {@link BufferedBodyEntity} replaces). */
    InputStream stream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }

    /** The buffer holding the body in {@code [0, length)}; the thread reuses it for its next body. */
    byte[] bytes() {
        return bytes;
    }

    /** The MD5 as the Content-MD5 header carries it. */
    String contentMd5() {
        return java.util.Base64.getEncoder().encodeToString(md5);
    }

    String md5Hex() {
        return Checksums.hex(md5);
    }
}
