package org.s3upload.provider.s3;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 proxy in front of the test S3 server that damages part bodies on their way
 * and answers as Amazon S3 does. Each request goes upstream on a connection of its own
 * ({@code Connection: close}), and its answer comes back verbatim.
 *
 * <ul>
 * <li>{@link #damagePart}: the next UploadPart of that part number has one byte of its body
 * changed (same length, other bytes), as a faulty network or middlebox would.</li>
 * <li>Content-MD5 is checked here, as Amazon S3 does: a body that does not match its Content-MD5
 * is answered 400 {@code BadDigest} and never reaches the store ("BadDigest: The Content-MD5 you
 * specified did not match what we received", S3 API Reference, PutObject and UploadPart, Errors;
 * see ../shared/reference/aws-semantics.md). So the test does not depend on whether S3Proxy
 * checks it.</li>
 * <li>{@link #onceAfter}: runs an action once, after the store answered 2xx to a matching request
 * and before the client hears of it, so a test can replace a stored part or the completed object
 * (another writer) in between.</li>
 * </ul>
 * Public for the reliability suite, which puts it in front of the module.
 */
public final class TamperingS3Proxy implements AutoCloseable {
    private static final Pattern PART_NUMBER = Pattern.compile("[?&]partNumber=([0-9]+)");
    private static final Pattern UPLOAD_ID = Pattern.compile("[?&]uploadId=([^&\\s]+)");

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private volatile int damagePart = -1;
    private volatile Pattern hookOn;
    private volatile Consumer<String> hook;
    private final AtomicInteger badDigests = new AtomicInteger();
    /** Part numbers of every UploadPart that reached the store. */
    private final List<Integer> partsForwarded = new CopyOnWriteArrayList<>();

    public TamperingS3Proxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "tampering-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The next UploadPart with this part number gets one byte of its body changed. */
    public void damagePart(int partNumber) {
        damagePart = partNumber;
    }

    /**
     * Runs {@code action} (given the request line) once, after the store answered 2xx to a request
     * whose line matches {@code requestLine}, before the answer goes to the client.
     */
    public void onceAfter(String requestLine, Consumer<String> action) {
        hook = action;
        hookOn = Pattern.compile(requestLine);
    }

    /** Bodies answered BadDigest so far. */
    public int badDigests() {
        return badDigests.get();
    }

    public List<Integer> partsForwarded() {
        return partsForwarded;
    }

    /** The upload id in a request line, or null. */
    public static String uploadIdOf(String requestLine) {
        Matcher id = UPLOAD_ID.matcher(requestLine);
        try {
            return id.find() ? java.net.URLDecoder.decode(id.group(1), "UTF-8") : null;
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The part number in a request line, or -1. */
    public static int partNumberOf(String requestLine) {
        return number(PART_NUMBER, requestLine);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread t = new Thread(() -> serve(client), "tampering-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket client) {
        try (Socket c = client; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String requestLine = lines[0];
                List<String> headers = new ArrayList<>();
                long length = 0;
                String contentMd5 = null;
                boolean expectContinue = false;
                for (int i = 1; i < lines.length; i++) {
                    String h = lines[i];
                    String name = h.substring(0, Math.max(0, h.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(h.indexOf(':') + 1).trim();
                    if (name.equals("content-length")) {
                        length = Long.parseLong(value);
                    } else if (name.equals("content-md5")) {
                        contentMd5 = value;
                    } else if (name.equals("expect")) {
                        expectContinue = value.equalsIgnoreCase("100-continue");
                        continue;
                    } else if (name.equals("connection")) {
                        continue;
                    }
                    headers.add(h);
                }
                if (expectContinue) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] body = in.readNBytes((int) length);
                if (body.length != length) {
                    return;
                }
                int part = number(PART_NUMBER, requestLine);
                boolean uploadPart = requestLine.startsWith("PUT ") && part > 0;
                if (uploadPart && part == damagePart) {
                    damagePart = -1;
                    body[body.length / 2] ^= (byte) 0xff;
                }
                if (contentMd5 != null && !contentMd5.equals(base64Md5(body))) {
                    badDigests.incrementAndGet();
                    answerBadDigest(out, contentMd5, base64Md5(body));
                    continue;
                }
                byte[] response = forward(requestLine, headers, body);
                if (uploadPart) {
                    partsForwarded.add(part);
                }
                Pattern on = hookOn;
                if (on != null && on.matcher(requestLine).find() && isOk(response)) {
                    Consumer<String> action;
                    synchronized (this) {
                        action = hook;
                        hook = null;
                        hookOn = null;
                    }
                    if (action != null) {
                        action.accept(requestLine);
                    }
                }
                out.write(response);
                out.flush();
                // The store answered with Connection: close; the client opens a new connection.
                return;
            }
        } catch (IOException e) {
            // the client or the store went away
        }
    }

    private byte[] forward(String requestLine, List<String> headers, byte[] body) throws IOException {
        try (Socket up = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            sockets.add(up);
            StringBuilder head = new StringBuilder(requestLine).append("\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            OutputStream o = up.getOutputStream();
            o.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            o.write(body);
            o.flush();
            return up.getInputStream().readAllBytes();
        }
    }

    private static void answerBadDigest(OutputStream out, String expected, String got) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>BadDigest</Code><Message>The Content-MD5 you "
                + "specified did not match what we received.</Message><ExpectedDigest>" + expected
                + "</ExpectedDigest><CalculatedDigest>" + got + "</CalculatedDigest><RequestId>tamper</RequestId></Error>";
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml\r\nContent-Length: " + b.length
                + "\r\nx-amz-request-id: tamper\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    private static boolean isOk(byte[] response) {
        String start = new String(response, 0, Math.min(response.length, 16), StandardCharsets.US_ASCII);
        return start.startsWith("HTTP/1.1 2");
    }

    private static int number(Pattern p, String requestLine) {
        Matcher m = p.matcher(requestLine);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String base64Md5(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request line and headers up to the blank line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new EOFException("request head cut short");
            }
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
