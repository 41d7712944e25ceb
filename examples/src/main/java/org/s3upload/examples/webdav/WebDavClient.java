package org.s3upload.examples.webdav;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;

import org.s3upload.spi.support.Checksums;
import org.s3upload.api.UploadException;
import org.s3upload.spi.support.ThrottleGate;

/**
 * The WebDAV operations this provider uses, on paths relative to the configured base collection,
 * with every failure already classified. Thread-safe; each call takes the {@link CancelSwitch} of
 * the upload it serves.
 */
final class WebDavClient {
    private final URI base;
    private final SocketHttpClient http;

    WebDavClient(WebDavSettings config) {
        this.base = config.base;
        this.http = new SocketHttpClient(config.connectTimeoutMs, config.readTimeoutMs, config.authorization());
    }

    URI base() {
        return base;
    }

    URI url(String relative) {
        return URI.create(base.toString() + WebDavNames.encode(relative));
    }

    /** Creates a collection ("a/b/"); true if created, false if it already existed. */
    boolean mkcol(String collection, CancelSwitch cancel) throws UploadException {
        HttpReply r = send(HttpCall.of("MKCOL", url(collection)).build(), cancel);
        if (r.status == 201) {
            return true;
        }
        if (r.status == 405) {
            return false; // RFC 4918 9.3.1: MKCOL on a mapped URL; the collection is there
        }
        if (r.status == 409 || r.status == 404) {
            throw UploadException.permanent("MKCOL " + url(collection) + " failed with HTTP " + r.status
                    + ": its parent does not exist, so the base collection " + base
                    + " is missing; create it on the server or fix '" + WebDavSettings.URL + "'");
        }
        throw WebDavFailures.forStatus("MKCOL", url(collection), r);
    }

    /**
     * PUTs a whole file; returns the status of a refusal that means "parent collection missing"
     * (404/409) so the caller can create it and try again, 0 on success.
     */
    int putFile(String path, Path file, long length, String contentType, ThrottleGate throttle, MessageDigest digest,
                LongConsumer progress, CancelSwitch cancel) throws UploadException {
        HttpCall.Builder b = HttpCall.of("PUT", url(path)).file(file, length, throttle, digest, progress);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpReply r = send(b.build(), cancel);
        if (r.isSuccess()) {
            return 0;
        }
        if (r.status == 409 || r.status == 404) {
            return r.status;
        }
        throw WebDavFailures.forStatus("PUT", url(path), r);
    }

    void putBytes(String path, byte[] body, String contentType, CancelSwitch cancel) throws UploadException {
        HttpReply r = send(HttpCall.of("PUT", url(path)).header("Content-Type", contentType).body(body).build(), cancel);
        if (!r.isSuccess()) {
            throw WebDavFailures.forStatus("PUT", url(path), r);
        }
    }

    /** Renames {@code from} to {@code to}, replacing what is there (Overwrite: T). */
    void move(String from, String to, CancelSwitch cancel) throws UploadException {
        HttpReply r = send(HttpCall.of("MOVE", url(from)).header("Destination", url(to).toString())
                .header("Overwrite", "T").build(), cancel);
        if (!r.isSuccess()) {
            throw WebDavFailures.forStatus("MOVE", url(from), r);
        }
    }

    /** True if something was deleted, false if nothing was there. */
    boolean delete(String path, CancelSwitch cancel) throws UploadException {
        HttpReply r = send(HttpCall.of("DELETE", url(path)).build(), cancel);
        if (r.isSuccess()) {
            return true;
        }
        if (r.status == 404 || r.status == 410) {
            return false;
        }
        throw WebDavFailures.forStatus("DELETE", url(path), r);
    }

    /** The resource at {@code path} (Depth 0), or null when there is none. */
    DavResource describe(String path, CancelSwitch cancel) throws UploadException {
        List<DavResource> l = propfind(path, "0", cancel);
        return l == null || l.isEmpty() ? null : l.get(0);
    }

    /** The collection and its members (Depth 1), or null when the collection does not exist. */
    List<DavResource> list(String collection, CancelSwitch cancel) throws UploadException {
        return propfind(collection, "1", cancel);
    }

    private List<DavResource> propfind(String path, String depth, CancelSwitch cancel) throws UploadException {
        URI u = url(path);
        HttpReply r = send(HttpCall.of("PROPFIND", u).header("Depth", depth)
                .header("Content-Type", "application/xml; charset=utf-8")
                .body(Multistatus.PROPFIND_BODY.getBytes(StandardCharsets.UTF_8)).build(), cancel);
        if (r.status == 404 || r.status == 410) {
            return null;
        }
        if (r.status != 207) {
            throw WebDavFailures.forStatus("PROPFIND", u, r);
        }
        try {
            return Multistatus.parse(r.body);
        } catch (IOException e) {
            throw UploadException.retryable("PROPFIND " + u + ": " + e.getMessage(), e);
        }
    }

    /** Small files (manifests) as bytes, or null when missing. */
    byte[] get(String path, CancelSwitch cancel) throws UploadException {
        HttpReply r = send(HttpCall.of("GET", url(path)).build(), cancel);
        if (r.status == 404 || r.status == 410) {
            return null;
        }
        if (!r.isSuccess()) {
            throw WebDavFailures.forStatus("GET", url(path), r);
        }
        return r.body;
    }

    /**
     * Reads the stored bytes back and returns their size and MD5, or null when missing: the only
     * proof WebDAV offers that the server holds exactly what was sent.
     */
    Digest digest(String path, CancelSwitch cancel) throws UploadException {
        MessageDigest md5 = Checksums.newMd5();
        long[] count = new long[1];
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                md5.update((byte) b);
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                md5.update(b, off, len);
                count[0] += len;
            }
        };
        HttpReply r = send(HttpCall.of("GET", url(path)).responseSink(sink).build(), cancel);
        if (r.status == 404 || r.status == 410) {
            return null;
        }
        if (!r.isSuccess()) {
            throw WebDavFailures.forStatus("GET", url(path), r);
        }
        return new Digest(count[0], Checksums.hex(md5.digest()));
    }

    private HttpReply send(HttpCall call, CancelSwitch cancel) throws UploadException {
        try {
            return http.send(call, cancel);
        } catch (IOException e) {
            if (cancel.isCancelled()) {
                throw new CancellationException(call.method + " " + call.uri + " stopped: the upload was paused or its target closed");
            }
            throw WebDavFailures.forIo(call.method, call.uri, e);
        }
    }

    /** Size and MD5 of stored bytes. */
    static final class Digest {
        final long size;
        final String md5;

        Digest(long size, String md5) {
            this.size = size;
            this.md5 = md5;
        }
    }
}
