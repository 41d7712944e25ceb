package org.s3upload.examples.webdav;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 client over JDK sockets, one connection per request.
 *
 * <p>Why not {@link java.net.HttpURLConnection}: it refuses every method outside its fixed list
 * ({@code setRequestMethod("MKCOL")} throws {@code ProtocolException: Invalid HTTP method}), and the
 * reflection trick that works around it is blocked by strong encapsulation on Java 16 and newer.
 * WebDAV needs MKCOL, MOVE and PROPFIND; {@code java.net.http} is not available on Java 8.
 *
 * <p>Scope, deliberately small: no proxies, no redirects (a 3xx is reported to the caller), no
 * connection reuse (a few extra handshakes per recording are negligible next to its size). HTTPS
 * uses the JVM's default trust store with host name verification and SNI.
 */
final class SocketHttpClient {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_KEPT_BODY = 4 * 1024 * 1024;
    private static final int BUFFER = 64 * 1024;
    /** How long to wait for "100 Continue" before sending the body anyway (what curl does, 1 s). */
    private static final int CONTINUE_WAIT_MS = 1000;

    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final String authorization;

    /** @param authorization the value of the Authorization header, or null */
    SocketHttpClient(int connectTimeoutMs, int readTimeoutMs, String authorization) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
        this.authorization = authorization;
    }

    /** Sends {@code call} and reads the whole response. IO failures, including cancellation, throw. */
    HttpReply send(HttpCall call, CancelSwitch cancel) throws IOException {
        URI uri = call.uri;
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : (https ? 443 : 80);
        Socket socket = new Socket();
        Socket active = socket;
        cancel.attach(socket);
        try {
            if (cancel.isCancelled()) {
                throw new IOException("cancelled");
            }
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            socket.setSoTimeout(readTimeoutMs);
            Socket s = https ? tls(socket, host, port) : socket;
            if (s != socket) {
                active = s;
                cancel.attach(s);
            }
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), BUFFER);
            InputStream in = new BufferedInputStream(s.getInputStream(), BUFFER);
            boolean expectContinue = call.file != null && call.fileLength > 0;
            writeHead(call, out, expectContinue);
            if (expectContinue) {
                out.flush();
                HttpReply early = awaitContinue(call, s, in);
                if (early != null) {
                    return early; // refused before the body was sent: 401, 409, 413, 507 ...
                }
            }
            try {
                writeBody(call, out);
                out.flush();
            } catch (IOException writeFailed) {
                HttpReply refusal = refusalAfterFailedWrite(call, s, in, cancel);
                if (refusal == null) {
                    throw writeFailed;
                }
                return refusal;
            }
            return readReply(call, in, null);
        } finally {
            cancel.detach(active);
            try {
                active.close();
            } catch (IOException ignored) {
                // the exchange is over either way
            }
        }
    }

    private Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocketFactory factory;
        try {
            // Not SSLSocketFactory.getDefault(), which is cached for the JVM's lifetime: the default
            // context honours javax.net.ssl.trustStore and SSLContext.setDefault at any time.
            factory = SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("this JVM has no default TLS context: " + e.getMessage(), e);
        }
        SSLSocket ssl = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.isEmpty() && !host.startsWith("[") && !host.matches("[0-9.]+")) {
            p.setServerNames(Collections.singletonList(new SNIHostName(host)));
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    /**
     * A server that refuses a large PUT (wrong password, no quota) often answers at once and
     * closes the connection while the body is still being written; the client then sees only
     * "broken pipe" and would call a permanent refusal a network failure. With
     * {@code Expect: 100-continue} the refusal arrives before the body. Returns that final
     * answer, or null to go on sending (100 Continue received, or no answer in time).
     */
    private HttpReply awaitContinue(HttpCall call, Socket s, InputStream in) throws IOException {
        s.setSoTimeout(Math.min(CONTINUE_WAIT_MS, readTimeoutMs));
        String statusLine;
        try {
            statusLine = line(in);
        } catch (SocketTimeoutException e) {
            return null; // a server that ignores Expect; RFC 9110 says to send the body after a while
        } finally {
            s.setSoTimeout(readTimeoutMs);
        }
        if (statusLine.startsWith("HTTP/") && statusLine.split(" ", 3).length > 1 && statusLine.split(" ", 3)[1].equals("100")) {
            while (!line(in).isEmpty()) {
                // headers of an interim response carry nothing we use
            }
            return null;
        }
        return readReply(call, in, statusLine);
    }

    /**
     * Some servers send "100 Continue" before checking anything, then refuse and close while the
     * body is still being written. Their refusal is often still readable: returns it if it is an
     * error status, null otherwise (the caller then reports the write failure).
     */
    private HttpReply refusalAfterFailedWrite(HttpCall call, Socket s, InputStream in, CancelSwitch cancel) {
        if (cancel.isCancelled()) {
            return null;
        }
        try {
            s.setSoTimeout(Math.min(CONTINUE_WAIT_MS, readTimeoutMs));
            HttpReply r = readReply(call, in, null);
            return r.status >= 300 ? r : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void writeHead(HttpCall call, OutputStream out, boolean expectContinue) throws IOException {
        URI uri = call.uri;
        StringBuilder sb = new StringBuilder();
        sb.append(call.method).append(' ').append(uri.getRawPath()).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
        sb.append("Connection: close\r\n");
        sb.append("User-Agent: s3upload-webdav\r\n");
        if (authorization != null) {
            sb.append("Authorization: ").append(authorization).append("\r\n");
        }
        for (Map.Entry<String, String> h : call.headers.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (expectContinue) {
            sb.append("Expect: 100-continue\r\n");
        }
        long length = call.bodyLength();
        if (length >= 0) {
            sb.append("Content-Length: ").append(length).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void writeBody(HttpCall call, OutputStream out) throws IOException {
        if (call.body != null) {
            out.write(call.body);
            return;
        }
        if (call.file == null) {
            return;
        }
        byte[] buf = new byte[BUFFER];
        long sent = 0;
        try (InputStream in = Files.newInputStream(call.file)) {
            while (sent < call.fileLength) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, call.fileLength - sent));
                if (n < 0) {
                    throw new EOFException(call.file + " ended after " + sent + " of " + call.fileLength
                            + " bytes: it was truncated while uploading");
                }
                // Drawn just before the bytes go out; the buffer is 64 KiB, a piece the throttle can smooth.
                call.fileThrottle.acquire(n);
                out.write(buf, 0, n);
                if (call.fileDigest != null) {
                    call.fileDigest.update(buf, 0, n);
                }
                sent += n;
                if (call.fileProgress != null) {
                    call.fileProgress.accept(sent);
                }
            }
        }
    }

    /** Reads the final response; {@code firstLine} is its status line if already read. */
    private static HttpReply readReply(HttpCall call, InputStream in, String firstLine) throws IOException {
        String pending = firstLine;
        while (true) {
            String statusLine = pending != null ? pending : line(in);
            pending = null;
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP response from " + call.uri + ": '" + statusLine + "'");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad HTTP status line from " + call.uri + ": '" + statusLine + "'");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200) {
                continue; // interim response (100 Continue, 102 Processing): the final one follows
            }
            String reason = parts.length > 2 ? parts[2] : "";
            boolean noBody = "HEAD".equals(call.method) || status == 204 || status == 304;
            OutputStream sink = status >= 200 && status < 300 && call.responseSink != null ? call.responseSink : null;
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            if (!noBody) {
                readBody(headers, in, sink != null ? sink : new BoundedSink(kept, MAX_KEPT_BODY));
            }
            return new HttpReply(status, reason, headers, kept.toByteArray());
        }
    }

    private static void readBody(Map<String, String> headers, InputStream in, OutputStream sink) throws IOException {
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size in HTTP response: '" + sizeLine + "'");
                }
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers carry nothing we use
                    }
                    return;
                }
                copy(in, sink, size);
                line(in);
            }
        }
        String cl = headers.get("content-length");
        if (cl != null) {
            long length;
            try {
                length = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length in HTTP response: '" + cl + "'");
            }
            copy(in, sink, length);
            return;
        }
        copy(in, sink, -1); // the server ends the body by closing the connection
    }

    private static void copy(InputStream in, OutputStream sink, long length) throws IOException {
        byte[] buf = new byte[BUFFER];
        long left = length;
        while (length < 0 || left > 0) {
            int n = in.read(buf, 0, length < 0 ? buf.length : (int) Math.min(buf.length, left));
            if (n < 0) {
                if (length < 0) {
                    return;
                }
                throw new EOFException("HTTP response body ended " + left + " bytes early");
            }
            sink.write(buf, 0, n);
            left -= n;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed in the middle of an HTTP response head");
            }
            if (b.size() >= MAX_HEADER_BYTES) {
                throw new IOException("HTTP response head longer than " + MAX_HEADER_BYTES + " bytes");
            }
            b.write(c);
        }
        String s = new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Keeps the first {@code limit} bytes of an error or PROPFIND body and drops the rest. */
    private static final class BoundedSink extends OutputStream {
        private final ByteArrayOutputStream target;
        private final int limit;

        BoundedSink(ByteArrayOutputStream target, int limit) {
            this.target = target;
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            if (target.size() < limit) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = Math.min(len, limit - target.size());
            if (n > 0) {
                target.write(b, off, n);
            }
        }
    }
}
