package org.s3upload.provider.s3;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.s3upload.spi.support.ThrottleGate;

import com.amazonaws.internal.ResettableInputStream;

/**
 * A request body that draws each piece from the upload's throttle as the HTTP client reads it to
 * write it to the socket: the last step before the bytes leave, on the thread that sends them, so
 * the parts of every upload thread draw from the one bucket the caller gave. Reads are cut to
 * {@link #MAX_PIECE}; httpcore reads 4 KiB at a time, the aws-chunked signer 128 KiB. Bytes the SDK
 * sends again after rewinding the body (a retried request) are drawn again: they cross the link
 * again. Skipping (to a part's offset in the file) draws nothing.
 */
final class ThrottledBody extends FilterInputStream {
    /** Largest piece drawn at once. */
    static final int MAX_PIECE = 256 * 1024;

    private final ThrottleGate gate;

    private ThrottledBody(InputStream in, ThrottleGate gate) {
        super(in);
        this.gate = gate;
    }

    /** {@code body} (in memory, markable) drawing from {@code gate}. */
    static InputStream of(InputStream body, ThrottleGate gate) {
        return new ThrottledBody(body, gate);
    }

    /**
     * The whole of {@code file}, resettable (so the SDK can retry), drawing from {@code gate}; the
     * SDK cuts a part out of it by skipping to the part's offset. The caller closes it.
     */
    static InputStream of(File file, ThrottleGate gate) throws IOException {
        return new ThrottledBody(new ResettableInputStream(file), gate);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            gate.acquire(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, Math.min(len, MAX_PIECE));
        if (n > 0) {
            gate.acquire(n);
        }
        return n;
    }
}
