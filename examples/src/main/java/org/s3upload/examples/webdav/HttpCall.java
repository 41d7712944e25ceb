package org.s3upload.examples.webdav;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

import org.s3upload.spi.support.ThrottleGate;

/**
 * One HTTP request as {@link SocketHttpClient} sends it: method, URL, headers, an optional body
 * (bytes in memory or a whole file streamed from disk) and where the response body goes.
 */
final class HttpCall {
    final String method;
    final URI uri;
    final Map<String, String> headers;
    final byte[] body;
    final Path file;
    final long fileLength;
    final MessageDigest fileDigest;
    final LongConsumer fileProgress;
    final ThrottleGate fileThrottle;
    final OutputStream responseSink;

    private HttpCall(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.body = b.body;
        this.file = b.file;
        this.fileLength = b.fileLength;
        this.fileDigest = b.fileDigest;
        this.fileProgress = b.fileProgress;
        this.fileThrottle = b.fileThrottle;
        this.responseSink = b.responseSink;
    }

    static Builder of(String method, URI uri) {
        return new Builder(method, uri);
    }

    long bodyLength() {
        if (file != null) {
            return fileLength;
        }
        return body == null ? -1 : body.length;
    }

    /** Builder for {@link HttpCall}. */
    static final class Builder {
        private final String method;
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private Path file;
        private long fileLength;
        private MessageDigest fileDigest;
        private LongConsumer fileProgress;
        private ThrottleGate fileThrottle;
        private OutputStream responseSink;

        private Builder(String method, URI uri) {
            this.method = Objects.requireNonNull(method, "method is null");
            this.uri = Objects.requireNonNull(uri, "uri is null");
        }

        Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Builder body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        /**
         * Streams {@code length} bytes of {@code source} as the body, drawing each piece from
         * {@code throttle} before it is written, feeding them to {@code digest} and reporting the
         * running count to {@code progress} (digest and progress may be null).
         */
        Builder file(Path source, long length, ThrottleGate throttle, MessageDigest digest, LongConsumer progress) {
            this.file = source;
            this.fileLength = length;
            this.fileThrottle = Objects.requireNonNull(throttle, "throttle is null");
            this.fileDigest = digest;
            this.fileProgress = progress;
            return this;
        }

        /** Where a successful (2xx) response body is written instead of being kept in memory. */
        Builder responseSink(OutputStream sink) {
            this.responseSink = sink;
            return this;
        }

        HttpCall build() {
            return new HttpCall(this);
        }
    }
}
