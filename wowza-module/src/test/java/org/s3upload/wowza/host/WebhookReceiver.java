package org.s3upload.wowza.host;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.s3upload.internal.Json;

/**
 * A real HTTP server on 127.0.0.1 that takes webhook POSTs, keeps each request (headers and exact
 * body bytes), and answers with scripted statuses (then 200). For the notification tests.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    public static final class Delivery {
        public final String method;
        public final String path;
        /** Header names in lowercase. */
        public final Map<String, String> headers;
        public final byte[] body;
        public final int answered;

        Delivery(String method, String path, Map<String, String> headers, byte[] body, int answered) {
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
            this.answered = answered;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        public Map<String, Object> json() {
            return Json.parseObject(new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + answered + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                byte[] b = new byte[8192];
                int n;
                while ((n = in.read(b)) > 0) {
                    buf.write(b, 0, n);
                }
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
                Integer scripted = script.poll();
                int status = scripted == null ? 200 : scripted;
                synchronized (deliveries) {
                    deliveries.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
                            buf.toByteArray(), status));
                }
                byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** A receiver on an ephemeral port of 127.0.0.1. */
    public static WebhookReceiver start() throws IOException {
        return on(0);
    }

    /** A receiver on {@code port} of 127.0.0.1 (0: any free one). */
    public static WebhookReceiver on(int port) throws IOException {
        return new WebhookReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
    }

    /** A port of 127.0.0.1 that was free a moment ago (nothing listens there now). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The next requests are answered with these statuses, in order; then 200 again. */
    public WebhookReceiver answer(int... statuses) {
        for (int s : statuses) {
            script.add(s);
        }
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return new ArrayList<>(deliveries);
        }
    }

    /** The requests answered 2xx, in arrival order. */
    public List<Delivery> accepted() {
        List<Delivery> out = new ArrayList<>();
        for (Delivery d : deliveries()) {
            if (d.answered / 100 == 2) {
                out.add(d);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
