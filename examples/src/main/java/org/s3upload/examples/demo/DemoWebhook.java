package org.s3upload.examples.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code --webhook}: a small webhook receiver on 127.0.0.1 that the module posts its completion
 * events to. It checks each signature (HMAC-SHA256 of the body with the run's secret), answers 200
 * and keeps the event for {@link #report}. What a real receiver does in a few lines.
 */
final class DemoWebhook implements AutoCloseable {
    static final String PATH = "/s3upload-events";

    private final HttpServer server;
    private final String secret;
    private final List<String> received = new ArrayList<>();
    private volatile long lastEventNanos = System.nanoTime();

    private DemoWebhook(HttpServer server, String secret) {
        this.server = server;
        this.secret = secret;
        server.createContext(PATH, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = readAll(in);
                String signature = exchange.getRequestHeaders().getFirst("X-S3Upload-Signature");
                boolean valid = signature != null && MessageDigest.isEqual(
                        signature.getBytes(StandardCharsets.US_ASCII), sign(body).getBytes(StandardCharsets.US_ASCII));
                synchronized (received) {
                    received.add((valid ? "signature ok  " : "BAD SIGNATURE ") + new String(body, StandardCharsets.UTF_8));
                }
                lastEventNanos = System.nanoTime();
                int status = valid ? 200 : 401;
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    static DemoWebhook start() throws IOException {
        byte[] key = new byte[18];
        new SecureRandom().nextBytes(key);
        StringBuilder secret = new StringBuilder();
        for (byte b : key) {
            secret.append(String.format(Locale.ROOT, "%02x", b));
        }
        return new DemoWebhook(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                secret.toString());
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The HMAC key the module signs with (made for this run; never printed). */
    String secret() {
        return secret;
    }

    int count() {
        synchronized (received) {
            return received.size();
        }
    }

    /** Waits until {@code expected} events arrived, or none for 3 s (some came in an earlier, crashed run). */
    void await(int expected) throws InterruptedException {
        while (count() < expected && System.nanoTime() - lastEventNanos < 3_000_000_000L) {
            Thread.sleep(50);
        }
    }

    List<String> report() {
        List<String> out = new ArrayList<>();
        synchronized (received) {
            out.add("Webhook receiver at " + url() + " got " + received.size() + " event(s) (HMAC-SHA256 checked):");
            for (String r : received) {
                out.add("  " + r);
            }
        }
        return out;
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder sb = new StringBuilder("sha256=");
            for (byte b : mac.doFinal(body)) {
                sb.append(String.format(Locale.ROOT, "%02x", b));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) > 0) {
            buf.write(b, 0, n);
        }
        return buf.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
