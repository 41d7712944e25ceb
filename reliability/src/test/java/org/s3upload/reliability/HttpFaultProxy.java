package org.s3upload.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP-aware proxy in front of S3Proxy. provider-s3's FaultyTcpProxy works on bytes
 * only; this one can answer requests itself with an S3 error (503 SlowDown, 500 InternalError),
 * refuse connections (a stopped server), and follow the server to a new port after a restart.
 * Every answered request closes its connection, so each fault costs the client one request.
 */
final class HttpFaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    volatile int targetPort;
    /** While true, connections are closed at once, as if nothing listened. */
    volatile boolean refusing;
    final AtomicInteger errorsLeft = new AtomicInteger();
    volatile int errorStatus = 503;
    volatile String errorCode = "SlowDown";
    final AtomicInteger errorsSent = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    /** Each chunk of a server answer waits this long before it is passed on (slow responses). */
    volatile long responseDelayMillis;

    HttpFaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::acceptLoop, "http-fault-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    HttpFaultProxy failNext(int requests, int status, String code) {
        errorStatus = status;
        errorCode = code;
        errorsLeft.set(requests);
        return this;
    }

    /** Closes every open connection (the server went away under them). */
    void dropConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread t = new Thread(() -> handle(client), "http-fault-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void handle(Socket client) {
        try {
            if (refusing) {
                refused.incrementAndGet();
                client.setSoLinger(true, 0); // RST, as a closed port would answer
                client.close();
                return;
            }
            if (errorsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answerWithError(client);
                return;
            }
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            sockets.add(client);
            sockets.add(upstream);
            pump(client, upstream, false);
            pump(upstream, client, true);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void answerWithError(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int matched = 0;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        String lower = h.toLowerCase(Locale.ROOT);
        boolean isHead = h.startsWith("HEAD ");
        if (!lower.contains("expect: 100-continue")) {
            long length = header(lower, "content-length");
            byte[] buf = new byte[16384];
            while (length > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, length));
                if (n < 0) {
                    break;
                }
                length -= n;
            }
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + errorCode + "</Code><Message>injected by"
                + " the reliability suite</Message><RequestId>fault-" + errorsSent.get() + "</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        String reason = errorStatus == 503 ? "Slow Down" : "Internal Server Error";
        String response = "HTTP/1.1 " + errorStatus + " " + reason + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        if (!isHead) {
            out.write(body);
        }
        out.flush();
        errorsSent.incrementAndGet();
        client.close();
    }

    private static long header(String lowerHead, String name) {
        for (String line : lowerHead.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    private void pump(Socket from, Socket to, boolean response) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    long delay = responseDelayMillis;
                    if (response && delay > 0) {
                        Thread.sleep(delay);
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // a side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "http-fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
