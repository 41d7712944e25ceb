package org.s3upload.provider.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.protocol.HttpContext;

import org.s3upload.spi.support.ThrottleGate;

import com.amazonaws.AbortedException;
import com.amazonaws.event.ProgressListener;
import com.amazonaws.event.SDKProgressPublisher;
import com.amazonaws.util.SdkRuntime;

/**
 * A body already in memory ({@link PartBody}), written to the connection in {@link #WRITE_SIZE}
 * writes straight from its buffer.
 *
 * <p>Why: the SDK sends a request's stream through httpcore's {@code InputStreamEntity}, which
 * copies it in 4 KiB pieces through the SDK's stream wrappers (progress, length check) into the
 * connection's session buffer: two more copies of every byte and a quarter of a million small
 * reads and progress events per GiB, all of it CPU on the part threads and work for the JIT. Here
 * each write of {@link #WRITE_SIZE} bypasses the session buffer (it exceeds
 * {@code http.connection.min-chunk-limit}) and goes to the socket, and one progress event per
 * write tells the request's listeners (the TransferManager's and {@link SentBytesCounter}) the same
 * byte counts the SDK's stream would have.
 *
 * <p>How: {@link ObservedS3Client} announces the body on its thread ({@link #sendOnThisThread})
 * around the SDK call, which runs the HTTP request on that same thread; {@link #INTERCEPTOR}, the
 * last request interceptor of the client's HttpClient, swaps the SDK's entity for this one when
 * the request carries exactly that many bytes. When a retry sends the request again, the SDK
 * rewinds its own (unread) stream, which tells the listeners that the attempt restarts, and this
 * entity writes the whole body again.
 */
final class BufferedBodyEntity extends AbstractHttpEntity {
    /** Bytes per write to the connection (and per progress event). */
    static final int WRITE_SIZE = 1 << 20;

    private static final ThreadLocal<BufferedBodyEntity> CURRENT = new ThreadLocal<>();

    /** Replaces the entity of the request that carries the body announced on the calling thread. */
    static final HttpRequestInterceptor INTERCEPTOR = new HttpRequestInterceptor() {
        @Override
        public void process(HttpRequest request, HttpContext context) {
            BufferedBodyEntity body = CURRENT.get();
            if (body == null || !(request instanceof HttpEntityEnclosingRequest)) {
                return;
            }
            HttpEntityEnclosingRequest withBody = (HttpEntityEnclosingRequest) request;
            HttpEntity sdkEntity = withBody.getEntity();
            if (sdkEntity != null && sdkEntity.getContentLength() == body.length) {
                body.setContentType(sdkEntity.getContentType());
                withBody.setEntity(body);
            }
        }
    };

    private final byte[] bytes;
    private final int length;
    private final ProgressListener listener;
    /** The upload's bandwidth limit, drawn from before each write; null for none. */
    private final ThrottleGate gate;

    private BufferedBodyEntity(PartBody body, ProgressListener listener, ThrottleGate gate) {
        this.bytes = body.bytes();
        this.length = body.length;
        this.listener = listener;
        this.gate = gate;
    }

    /**
     * Until {@link Announcement#close()}, a request sent on this thread whose body has
     * {@code body.length} bytes is sent from {@code body}'s buffer; byte counts go to {@code listener},
     * and each write first draws its bytes from {@code gate} (null: no bandwidth limit).
     */
    static Announcement sendOnThisThread(PartBody body, ProgressListener listener, ThrottleGate gate) {
        if (!body.buffered()) {
            return Announcement.NONE;
        }
        CURRENT.set(new BufferedBodyEntity(body, listener, gate));
        return Announcement.ANNOUNCED;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public InputStream getContent() {
        return new java.io.ByteArrayInputStream(bytes, 0, length);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (int off = 0; off < length; ) {
            if (SdkRuntime.shouldAbort()) {
                // What the SDK's own body streams do on every read: an interrupted (paused, cancelled)
                // request stops between writes instead of sending the rest of the body.
                throw new AbortedException();
            }
            // Under a bandwidth limit, pieces no larger than ThrottledBody's: smaller draws keep the rate even.
            int n = Math.min(gate == null ? WRITE_SIZE : ThrottledBody.MAX_PIECE, length - off);
            if (gate != null) {
                gate.acquire(n); // the last step before the bytes leave, as ThrottledBody does for streams
            }
            out.write(bytes, off, n);
            off += n;
            SDKProgressPublisher.publishRequestBytesTransferred(listener, n);
        }
    }

    @Override
    public boolean isStreaming() {
        return false;
    }

    /** Ends an announcement made by {@link #sendOnThisThread}. */
    enum Announcement implements AutoCloseable {
        NONE, ANNOUNCED;

        @Override
        public void close() {
            if (this == ANNOUNCED) {
                CURRENT.remove();
            }
        }
    }
}
