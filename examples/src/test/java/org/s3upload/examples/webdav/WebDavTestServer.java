package org.s3upload.examples.webdav;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

/**
 * The WebDAV subset the provider uses (PUT, GET, HEAD, DELETE, MKCOL, MOVE, PROPFIND Depth 0/1)
 * over a directory, on 127.0.0.1 with an ephemeral port, with Basic authentication, following
 * RFC 4918 where the provider depends on it: PUT into a missing collection is 409, MKCOL on an
 * existing resource is 405, MOVE honours Overwrite. PUT bodies go to a temporary file renamed
 * into place, as Apache mod_dav_fs and nginx do. Failures can be injected per method.
 */
final class WebDavTestServer implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "s3cr3t-Pa55word";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Path root;
    private final String scheme;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Injected> injected = new ConcurrentHashMap<>();
    private volatile CountDownLatch putGate;
    private final AtomicInteger corruptPuts = new AtomicInteger();

    private static final class Injected {
        final int status;
        final AtomicInteger left;

        Injected(int status, int times) {
            this.status = status;
            this.left = new AtomicInteger(times);
        }
    }

    /** Serves {@code root} over HTTP; the collection {@code /dav/} exists from the start. */
    WebDavTestServer(Path root) throws IOException {
        this(root, null);
    }

    /** As {@link #WebDavTestServer(Path)}, over HTTPS when {@code tls} is not null. */
    WebDavTestServer(Path root, SSLContext tls) throws IOException {
        this.root = root;
        this.scheme = tls == null ? "http" : "https";
        Files.createDirectories(root.resolve("dav"));
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** The base URL of the /dav/ collection. */
    String url() {
        return url("/dav/");
    }

    String url(String path) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The file behind a key under /dav/. */
    Path file(String key) {
        return root.resolve("dav").resolve(key);
    }

    Path davRoot() {
        return root.resolve("dav");
    }

    /** Answers the next {@code times} requests of {@code method} with {@code status}. */
    void inject(String method, int status, int times) {
        injected.put(method, new Injected(status, times));
    }

    /** Makes PUT handlers wait for {@code gate} before reading the body, so an upload stalls mid-way. */
    void holdPutBodies(CountDownLatch gate) {
        putGate = gate;
    }

    /** Flips one stored byte of each of the next {@code times} non-empty PUTs, as a faulty disk or proxy would. */
    void corruptPuts(int times) {
        corruptPuts.set(times);
    }

    /** "METHOD /path" of every request so far, in order of arrival. */
    List<String> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public void close() {
        CountDownLatch g = putGate;
        if (g != null) {
            g.countDown();
        }
        server.stop(0);
        pool.shutdownNow();
    }

    // ------------------------------------------------------------------ dispatch

    private void handle(HttpExchange x) throws IOException {
        try {
            String method = x.getRequestMethod();
            String rawPath = x.getRequestURI().getRawPath();
            requests.add(method + " " + rawPath);
            if (!authorized(x)) {
                x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                reply(x, 401, "<html><body>401 Unauthorized</body></html>");
                return;
            }
            Injected inj = injected.get(method);
            if (inj != null && inj.left.getAndDecrement() > 0) {
                drain(x);
                reply(x, inj.status, "<html><body>injected " + inj.status + "</body></html>");
                return;
            }
            Path p = resolve(WebDavNames.decode(rawPath));
            if (p == null) {
                reply(x, 400, "bad path");
                return;
            }
            switch (method) {
                case "GET":
                case "HEAD":
                    get(x, p, method.equals("HEAD"));
                    break;
                case "PUT":
                    put(x, p);
                    break;
                case "DELETE":
                    delete(x, p);
                    break;
                case "MKCOL":
                    mkcol(x, p);
                    break;
                case "MOVE":
                    move(x, p);
                    break;
                case "PROPFIND":
                    propfind(x, p, rawPath);
                    break;
                default:
                    reply(x, 405, "method not allowed");
            }
        } catch (IOException | RuntimeException e) {
            try {
                reply(x, 500, "server error: " + e);
            } catch (IOException | RuntimeException ignored) {
                // the client went away
            }
        } finally {
            x.close();
        }
    }

    private boolean authorized(HttpExchange x) {
        String h = x.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return expected.equals(h);
    }

    private Path resolve(String decodedPath) {
        if (!decodedPath.startsWith("/")) {
            return null;
        }
        for (String seg : decodedPath.split("/")) {
            if (seg.equals("..") || seg.equals(".")) {
                return null;
            }
        }
        Path p = root.resolve(decodedPath.substring(1)).normalize();
        return p.startsWith(root) ? p : null;
    }

    // ------------------------------------------------------------------ methods

    private void get(HttpExchange x, Path p, boolean head) throws IOException {
        if (!Files.isRegularFile(p)) {
            reply(x, Files.isDirectory(p) ? 403 : 404, "");
            return;
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        x.getResponseHeaders().add("ETag", etag(a));
        x.getResponseHeaders().add("Last-Modified", HTTP_DATE.format(a.lastModifiedTime().toInstant()));
        x.getResponseHeaders().add("Content-Type", "application/octet-stream");
        if (head) {
            x.getResponseHeaders().add("Content-Length", String.valueOf(a.size()));
            x.sendResponseHeaders(200, -1);
            return;
        }
        x.sendResponseHeaders(200, a.size() == 0 ? -1 : a.size());
        try (OutputStream out = x.getResponseBody()) {
            Files.copy(p, out);
        }
    }

    private void put(HttpExchange x, Path p) throws IOException {
        if (Files.isDirectory(p)) {
            drain(x);
            reply(x, 405, "a collection is there");
            return;
        }
        if (!Files.isDirectory(p.getParent())) {
            drain(x);
            reply(x, 409, "parent collection missing");
            return;
        }
        CountDownLatch gate = putGate;
        if (gate != null) {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        boolean existed = Files.exists(p);
        Path tmp = p.resolveSibling(".davtmp-" + UUID.randomUUID());
        try (InputStream in = x.getRequestBody()) {
            Files.copy(in, tmp);
            if (Files.size(tmp) > 0 && corruptPuts.getAndDecrement() > 0) {
                byte[] b = Files.readAllBytes(tmp);
                b[b.length / 2] ^= 0x5a;
                Files.write(tmp, b);
            }
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp); // a body cut short never becomes visible
        }
        reply(x, existed ? 204 : 201, "");
    }

    private void delete(HttpExchange x, Path p) throws IOException {
        if (!Files.exists(p)) {
            reply(x, 404, "");
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        } catch (DirectoryNotEmptyException e) {
            reply(x, 423, "busy");
            return;
        }
        reply(x, 204, "");
    }

    private void mkcol(HttpExchange x, Path p) throws IOException {
        if (drain(x) > 0) {
            reply(x, 415, "MKCOL bodies are not supported");
        } else if (Files.exists(p)) {
            reply(x, 405, "already mapped");
        } else if (!Files.isDirectory(p.getParent())) {
            reply(x, 409, "parent collection missing");
        } else {
            try {
                Files.createDirectory(p);
                reply(x, 201, "");
            } catch (java.nio.file.FileAlreadyExistsException e) {
                reply(x, 405, "already mapped");
            }
        }
    }

    private void move(HttpExchange x, Path from) throws IOException {
        String dest = x.getRequestHeaders().getFirst("Destination");
        String overwrite = x.getRequestHeaders().getFirst("Overwrite");
        if (dest == null) {
            reply(x, 400, "no Destination");
            return;
        }
        Path to = resolve(WebDavNames.decode(URI.create(dest).getRawPath()));
        if (to == null) {
            reply(x, 400, "bad Destination");
            return;
        }
        if (!Files.exists(from)) {
            reply(x, 404, "");
            return;
        }
        if (!Files.isDirectory(to.getParent())) {
            reply(x, 409, "destination parent missing");
            return;
        }
        boolean existed = Files.exists(to);
        if (existed && "F".equalsIgnoreCase(overwrite)) {
            reply(x, 412, "destination exists");
            return;
        }
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            reply(x, 502, "cannot move atomically");
            return;
        }
        reply(x, existed ? 204 : 201, "");
    }

    private void propfind(HttpExchange x, Path p, String rawPath) throws IOException {
        drain(x);
        String depth = x.getRequestHeaders().getFirst("Depth");
        if (depth == null || depth.equalsIgnoreCase("infinity")) {
            reply(x, 403, "Depth infinity is disabled");
            return;
        }
        if (!Files.exists(p)) {
            reply(x, 404, "");
            return;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><D:multistatus xmlns:D=\"DAV:\">");
        entry(xml, p);
        if (depth.equals("1") && Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s.sorted()::iterator) {
                    if (!c.getFileName().toString().startsWith(".davtmp-")) {
                        entry(xml, c);
                    }
                }
            }
        }
        xml.append("</D:multistatus>");
        byte[] body = xml.toString().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/xml; charset=utf-8");
        x.sendResponseHeaders(207, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private void entry(StringBuilder xml, Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            return; // removed while listing
        }
        StringBuilder rel = new StringBuilder();
        for (Path part : root.relativize(p)) {
            rel.append('/').append(part);
        }
        String href = WebDavNames.encode(rel.toString()) + (a.isDirectory() ? "/" : "");
        xml.append("<D:response><D:href>").append(href).append("</D:href><D:propstat><D:prop>");
        if (a.isDirectory()) {
            xml.append("<D:resourcetype><D:collection/></D:resourcetype>");
        } else {
            xml.append("<D:resourcetype/><D:getcontentlength>").append(a.size()).append("</D:getcontentlength>")
                    .append("<D:getetag>").append(etag(a).replace("\"", "&quot;")).append("</D:getetag>")
                    .append("<D:getcontenttype>application/octet-stream</D:getcontenttype>");
        }
        xml.append("<D:getlastmodified>").append(HTTP_DATE.format(a.lastModifiedTime().toInstant())).append("</D:getlastmodified>");
        xml.append("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>");
    }

    // ------------------------------------------------------------------ plumbing

    /** Like Apache's: changes whenever the file is replaced or rewritten. */
    private static String etag(BasicFileAttributes a) {
        return "\"" + Long.toHexString(a.size()) + "-" + Long.toHexString(a.lastModifiedTime().to(TimeUnit.NANOSECONDS))
                + "-" + Integer.toHexString(String.valueOf(a.fileKey()).hashCode()) + "\"";
    }

    private static long drain(HttpExchange x) throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        try (InputStream in = x.getRequestBody()) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
            }
        }
        return n;
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        }
    }
}
