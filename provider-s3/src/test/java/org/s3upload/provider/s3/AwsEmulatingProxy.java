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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 proxy on 127.0.0.1 in front of S3Proxy that answers the way Amazon S3 does
 * where S3Proxy is friendlier, and records every request so a test can assert what went on the
 * wire. Requests are forwarded byte for byte (Host header included, so SigV4 signatures stay
 * valid); only the answers below are changed or made up. Sources (AWS documentation):
 *
 * <ul>
 * <li><b>IAM policy</b> ({@link #allowOnly}): each request needs the action the "Amazon S3 actions"
 * page of the Service Authorization Reference names for it (PutObject for PUT, POST ?uploads,
 * UploadPart and CompleteMultipartUpload; GetObject for GET/HEAD object and the copy source;
 * ListBucket for GET/HEAD bucket; ListMultipartUploadParts, ListBucketMultipartUploads,
 * AbortMultipartUpload; PutObjectAcl when an ACL header is sent); without it 403 AccessDenied.</li>
 * <li><b>Missing key without s3:ListBucket</b>: "If the object you request doesn't exist, the error
 * that Amazon S3 returns depends on whether you also have the s3:ListBucket permission. If you have
 * the s3:ListBucket permission on the bucket, Amazon S3 returns an HTTP status code 404 Not Found
 * error. If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code 403
 * Access Denied error." (S3 API Reference, HeadObject and GetObject, "Permissions").</li>
 * <li><b>Bucket regions</b> ({@link #bucketRegion}): a request signed for another region answers 400
 * {@code AuthorizationHeaderMalformed} with a {@code <Region>} element, or, in
 * {@link WrongRegion#REDIRECT} mode, 301 {@code PermanentRedirect} with the {@code x-amz-bucket-region}
 * header and an {@code <Endpoint>} element (S3 User Guide, "Making requests", virtual hosting and
 * regional endpoints); HEAD bucket carries {@code x-amz-bucket-region} on every answer (S3 API
 * Reference, HeadBucket, response headers). Error answers to HEAD have no body.</li>
 * <li><b>ACLs on a bucket with Object Ownership "bucket owner enforced"</b> ({@link #enforceBucketOwner}):
 * 400 {@code AccessControlListNotSupported} for any ACL header but {@code bucket-owner-full-control}
 * (S3 User Guide, "Controlling ownership of objects and disabling ACLs for your bucket").</li>
 * <li><b>Content-MD5</b>: a body whose MD5 differs from the header answers 400 {@code BadDigest} and
 * nothing is stored (S3 API Reference, PutObject / UploadPart).</li>
 * <li><b>Gone multipart uploads</b>: UploadPart, CompleteMultipartUpload and ListParts with an upload
 * id that was aborted or completed answer 404 {@code NoSuchUpload} (S3 API Reference, UploadPart,
 * ListParts); S3Proxy 4.0.0 lists an aborted upload's parts as an empty 200.</li>
 * </ul>
 *
 * <p>The policy binds only requests whose User-Agent contains {@link #RESTRICTED_AGENT} (the
 * provider's client): the tests' own SDK client acts as the bucket owner and is never refused.
 */
public final class AwsEmulatingProxy implements AutoCloseable {
    /** The provider's client names itself so in its User-Agent (S3ClientFactory). */
    public static final String RESTRICTED_AGENT = "s3upload";

    public static final String PUT_OBJECT = "s3:PutObject";
    public static final String GET_OBJECT = "s3:GetObject";
    public static final String PUT_OBJECT_ACL = "s3:PutObjectAcl";
    public static final String LIST_BUCKET = "s3:ListBucket";
    public static final String LIST_PARTS = "s3:ListMultipartUploadParts";
    public static final String LIST_UPLOADS = "s3:ListBucketMultipartUploads";
    public static final String ABORT = "s3:AbortMultipartUpload";
    public static final String DELETE_OBJECT = "s3:DeleteObject";
    public static final String GET_BUCKET_LOCATION = "s3:GetBucketLocation";

    /** How a request signed for the wrong region is answered. */
    public enum WrongRegion { MALFORMED, REDIRECT }

    /** One request as it arrived: method, path (decoded), query, headers (names in lowercase). */
    public static final class Recorded {
        public final String method;
        public final String path;
        public final String query;
        public final Map<String, String> headers;
        public final int status;

        Recorded(Request r, int status) {
            this.method = r.method;
            this.path = r.path;
            this.query = r.query;
            this.headers = Collections.unmodifiableMap(r.headers);
            this.status = status;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean hasParam(String name) {
            return paramOf(query, name) != null;
        }

        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
        }
    }

    private static final Pattern SCOPE_REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/s3/aws4_request");

    private final String backendHost;
    private final int backendPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    private final Set<String> goneUploads = ConcurrentHashMap.newKeySet();
    private final Map<String, String> bucketRegions = new ConcurrentHashMap<>();
    private final Set<String> ownerEnforced = ConcurrentHashMap.newKeySet();
    private final List<Predicate<Recorded>> corruptNext = new CopyOnWriteArrayList<>();
    private final List<Predicate<Recorded>> abortNext = new CopyOnWriteArrayList<>();
    private volatile Set<String> allowed;
    private volatile WrongRegion wrongRegion = WrongRegion.MALFORMED;
    private volatile boolean closed;

    private AwsEmulatingProxy(String backendHost, int backendPort) throws IOException {
        this.backendHost = backendHost;
        this.backendPort = backendPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::acceptLoop, "aws-emulating-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts in front of an S3 server at {@code http://127.0.0.1:backendPort}, with every action allowed. */
    public static AwsEmulatingProxy start(int backendPort) throws IOException {
        return new AwsEmulatingProxy("127.0.0.1", backendPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** The emulated IAM policy of the provider's client: only these actions; null allows all. */
    public AwsEmulatingProxy allowOnly(String... actions) {
        this.allowed = actions == null ? null : Collections.unmodifiableSet(new java.util.HashSet<>(java.util.Arrays.asList(actions)));
        return this;
    }

    public AwsEmulatingProxy allowAll() {
        this.allowed = null;
        return this;
    }

    /** The bucket lives in {@code region}: requests signed for another one are refused as S3 does. */
    public AwsEmulatingProxy bucketRegion(String bucket, String region) {
        bucketRegions.put(bucket, region);
        return this;
    }

    public AwsEmulatingProxy wrongRegionAnswer(WrongRegion answer) {
        this.wrongRegion = answer;
        return this;
    }

    /** The bucket has Object Ownership "bucket owner enforced" (the default for new buckets since April 2023). */
    public AwsEmulatingProxy enforceBucketOwner(String bucket) {
        ownerEnforced.add(bucket);
        return this;
    }

    /** Flips a byte of the body of the next request that matches, as a corruption in transit would. */
    public AwsEmulatingProxy corruptNextBody(Predicate<Recorded> which) {
        corruptNext.add(which);
        return this;
    }

    /**
     * The upload id of the next matching request is aborted "elsewhere" just before it arrives (as
     * another server's cleanup or a lifecycle rule would): from then on S3 answers NoSuchUpload for it.
     */
    public AwsEmulatingProxy abortUploadAt(Predicate<Recorded> which) {
        abortNext.add(which);
        return this;
    }

    /** Every request so far, in arrival order. */
    public List<Recorded> requests() {
        return new ArrayList<>(recorded);
    }

    public void clearRecorded() {
        recorded.clear();
    }

    // ------------------------------------------------------------------ serving

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(s);
            Thread t = new Thread(() -> serve(s), "aws-emulating-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket client) {
        try (Socket c = client) {
            InputStream in = new java.io.BufferedInputStream(c.getInputStream());
            OutputStream out = new java.io.BufferedOutputStream(c.getOutputStream());
            while (!closed) {
                Request req = Request.read(in, out);
                if (req == null) {
                    return;
                }
                Response resp = answer(req);
                resp.write(out, "HEAD".equals(req.method));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(client);
        }
    }

    private Response answer(Request req) throws IOException {
        String bucket = req.bucket();
        boolean restricted = String.valueOf(req.headers.get("user-agent")).contains(RESTRICTED_AGENT);
        for (Predicate<Recorded> p : corruptNext) {
            if (req.body.length > 0 && p.test(new Recorded(req, 0)) && corruptNext.remove(p)) {
                req.body[req.body.length / 2] ^= 0x5a;
                break;
            }
        }
        String id = paramOf(req.query, "uploadId");
        for (Predicate<Recorded> p : abortNext) {
            if (id != null && p.test(new Recorded(req, 0)) && abortNext.remove(p)) {
                goneUploads.add(id);
                break;
            }
        }
        Response r = regionCheck(req, bucket);
        if (r == null && restricted) {
            r = policyCheck(req, bucket);
        }
        if (r == null) {
            r = aclCheck(req, bucket);
        }
        if (r == null) {
            r = digestCheck(req);
        }
        String uploadId = paramOf(req.query, "uploadId");
        if (r == null && uploadId != null && goneUploads.contains(uploadId)) {
            r = Response.error(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, "
                    + "or the upload may have been aborted or completed.", null);
        }
        if (r == null) {
            r = forward(req);
            if (uploadId != null && r.status / 100 == 2 && ("DELETE".equals(req.method) || "POST".equals(req.method))) {
                goneUploads.add(uploadId); // aborted or completed: the id names nothing any more
            }
            if (r.status == 404 && req.isObject() && ("GET".equals(req.method) || "HEAD".equals(req.method))
                    && restricted && !allows(LIST_BUCKET)) {
                r = Response.error(403, "AccessDenied", "Access Denied", null);
            }
        }
        if (bucket != null && !req.isObject() && "HEAD".equals(req.method) && bucketRegions.containsKey(bucket)) {
            r.headers.put("x-amz-bucket-region", bucketRegions.get(bucket));
        }
        recorded.add(new Recorded(req, r.status));
        return r;
    }

    private Response regionCheck(Request req, String bucket) {
        String expected = bucket == null ? null : bucketRegions.get(bucket);
        String auth = req.headers.get("authorization");
        if (expected == null || auth == null) {
            return null;
        }
        Matcher m = SCOPE_REGION.matcher(auth);
        if (!m.find() || m.group(1).equals(expected)) {
            return null;
        }
        Response r;
        if (wrongRegion == WrongRegion.REDIRECT) {
            r = Response.error(301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using "
                    + "the specified endpoint. Please send all future requests to this endpoint.",
                    "<Endpoint>" + bucket + ".s3." + expected + ".amazonaws.com</Endpoint><Bucket>" + bucket + "</Bucket>");
        } else {
            r = Response.error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region '"
                    + m.group(1) + "' is wrong; expecting '" + expected + "'", "<Region>" + expected + "</Region>");
        }
        r.headers.put("x-amz-bucket-region", expected);
        return r;
    }

    private Response policyCheck(Request req, String bucket) {
        if (allowed == null || bucket == null) {
            return null;
        }
        List<String> needed = new ArrayList<>();
        boolean object = req.isObject();
        String q = req.query;
        switch (req.method) {
            case "GET":
                needed.add(!object ? (has(q, "uploads") ? LIST_UPLOADS : has(q, "location") ? GET_BUCKET_LOCATION : LIST_BUCKET)
                        : has(q, "uploadId") ? LIST_PARTS : GET_OBJECT);
                break;
            case "HEAD":
                needed.add(object ? GET_OBJECT : LIST_BUCKET);
                break;
            case "PUT":
            case "POST":
                needed.add(PUT_OBJECT);
                if (req.headers.containsKey("x-amz-copy-source")) {
                    needed.add(GET_OBJECT);
                }
                if (req.hasAclHeader()) {
                    needed.add(PUT_OBJECT_ACL);
                }
                break;
            case "DELETE":
                needed.add(has(q, "uploadId") ? ABORT : DELETE_OBJECT);
                break;
            default:
                break;
        }
        for (String action : needed) {
            if (!allows(action)) {
                return Response.error(403, "AccessDenied", "Access Denied", null);
            }
        }
        return null;
    }

    private Response aclCheck(Request req, String bucket) {
        if (bucket == null || !ownerEnforced.contains(bucket) || !req.hasAclHeader()) {
            return null;
        }
        if ("bucket-owner-full-control".equals(req.headers.get("x-amz-acl"))) {
            return null;
        }
        return Response.error(400, "AccessControlListNotSupported", "The bucket does not allow ACLs", null);
    }

    private static Response digestCheck(Request req) {
        String expected = req.headers.get("content-md5");
        if (expected == null) {
            return null;
        }
        byte[] payload = req.payload();
        String actual = Base64.getEncoder().encodeToString(md5(payload));
        if (actual.equals(expected)) {
            return null;
        }
        return Response.error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.",
                "<ExpectedDigest>" + expected + "</ExpectedDigest><CalculatedDigest>" + actual + "</CalculatedDigest>");
    }

    private boolean allows(String action) {
        Set<String> a = allowed;
        return a == null || a.contains(action);
    }

    private static boolean has(String query, String name) {
        return paramOf(query, name) != null;
    }

    static String paramOf(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the request as it came (Host included) on a fresh connection and reads the whole answer. */
    private Response forward(Request req) throws IOException {
        try (Socket s = new Socket(backendHost, backendPort)) {
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream());
            StringBuilder head = new StringBuilder(req.requestLine).append("\r\n");
            for (String[] h : req.rawHeaders) {
                String n = h[0].toLowerCase(Locale.ROOT);
                if (n.equals("connection") || n.equals("expect") || n.equals("keep-alive") || n.equals("content-length")) {
                    continue;
                }
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            head.append("Content-Length: ").append(req.body.length).append("\r\n");
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(req.body);
            out.flush();
            return Response.read(new java.io.BufferedInputStream(s.getInputStream()), "HEAD".equals(req.method));
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ------------------------------------------------------------------ HTTP messages

    private static final class Request {
        final String requestLine;
        final String method;
        final String path;
        final String query;
        final List<String[]> rawHeaders;
        final Map<String, String> headers;
        final byte[] body;

        private Request(String requestLine, List<String[]> rawHeaders, byte[] body) {
            this.requestLine = requestLine;
            String[] parts = requestLine.split(" ");
            this.method = parts[0];
            String target = parts.length > 1 ? parts[1] : "/";
            int q = target.indexOf('?');
            this.path = URLDecoder.decode((q < 0 ? target : target.substring(0, q)).replace("+", "%2B"), StandardCharsets.UTF_8);
            this.query = q < 0 ? "" : target.substring(q + 1);
            this.rawHeaders = rawHeaders;
            Map<String, String> h = new LinkedHashMap<>();
            for (String[] kv : rawHeaders) {
                h.put(kv[0].toLowerCase(Locale.ROOT), kv[1]);
            }
            this.headers = h;
            this.body = body;
        }

        /** Null at a clean end of the connection. Answers "100 Continue" when the client waits for it. */
        static Request read(InputStream in, OutputStream out) throws IOException {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            while (line.isEmpty()) {
                line = readLine(in);
                if (line == null) {
                    return null;
                }
            }
            List<String[]> headers = readHeaders(in);
            long length = 0;
            boolean continueWanted = false;
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(h[1].trim());
                } else if (h[0].equalsIgnoreCase("expect") && h[1].trim().equalsIgnoreCase("100-continue")) {
                    continueWanted = true;
                } else if (h[0].equalsIgnoreCase("transfer-encoding")) {
                    throw new IOException("chunked request bodies are not supported by this test proxy");
                }
            }
            if (continueWanted && length > 0) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            return new Request(line, headers, readFully(in, (int) length));
        }

        /** Bucket of a path-style request, or null for the service root. */
        String bucket() {
            String p = path.startsWith("/") ? path.substring(1) : path;
            if (p.isEmpty()) {
                return null;
            }
            int slash = p.indexOf('/');
            return slash < 0 ? p : p.substring(0, slash);
        }

        boolean isObject() {
            String p = path.startsWith("/") ? path.substring(1) : path;
            int slash = p.indexOf('/');
            return slash >= 0 && slash < p.length() - 1;
        }

        boolean hasAclHeader() {
            for (String n : headers.keySet()) {
                if (n.equals("x-amz-acl") || n.startsWith("x-amz-grant-")) {
                    return true;
                }
            }
            return false;
        }

        /** The body without SigV4 streaming (aws-chunked) framing. */
        byte[] payload() {
            String sha = headers.get("x-amz-content-sha256");
            if (sha == null || !sha.startsWith("STREAMING-")) {
                return body;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
            int i = 0;
            while (i < body.length) {
                int eol = indexOfCrlf(body, i);
                String sizeLine = new String(body, i, eol - i, StandardCharsets.ISO_8859_1);
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt(semi < 0 ? sizeLine : sizeLine.substring(0, semi), 16);
                i = eol + 2;
                if (size == 0) {
                    break;
                }
                out.write(body, i, size);
                i += size + 2;
            }
            return out.toByteArray();
        }
    }

    private static final class Response {
        final int status;
        final String reason;
        final Map<String, String> headers = new LinkedHashMap<>();
        final byte[] body;

        Response(int status, String reason, byte[] body) {
            this.status = status;
            this.reason = reason;
            this.body = body;
        }

        static Response error(int status, String code, String message, String extra) {
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                    + "</Message>" + (extra == null ? "" : extra) + "<RequestId>EMULATED</RequestId><HostId>emulated</HostId></Error>";
            Response r = new Response(status, reasonOf(status), xml.getBytes(StandardCharsets.UTF_8));
            r.headers.put("Content-Type", "application/xml");
            r.headers.put("x-amz-request-id", "EMULATED");
            return r;
        }

        private static String reasonOf(int status) {
            switch (status) {
                case 301: return "Moved Permanently";
                case 400: return "Bad Request";
                case 403: return "Forbidden";
                case 404: return "Not Found";
                case 412: return "Precondition Failed";
                default: return "Error";
            }
        }

        static Response read(InputStream in, boolean head) throws IOException {
            String status = readLine(in);
            if (status == null) {
                throw new EOFException("the S3 server closed the connection without an answer");
            }
            String[] parts = status.split(" ", 3);
            int code = Integer.parseInt(parts[1]);
            List<String[]> headers = readHeaders(in);
            Long length = null;
            boolean chunked = false;
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(h[1].trim());
                } else if (h[0].equalsIgnoreCase("transfer-encoding") && h[1].toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body;
            if (head || code == 204 || code == 304) {
                body = new byte[0];
            } else if (chunked) {
                body = readChunked(in);
            } else if (length != null) {
                body = readFully(in, (int) (long) length);
            } else {
                body = in.readAllBytes();
            }
            Response r = new Response(code, parts.length > 2 ? parts[2] : "", body);
            for (String[] h : headers) {
                String n = h[0].toLowerCase(Locale.ROOT);
                if (n.equals("transfer-encoding") || n.equals("connection") || (n.equals("content-length") && !head)) {
                    continue;
                }
                r.headers.put(h[0], h[1]);
            }
            return r;
        }

        void write(OutputStream out, boolean head) throws IOException {
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
            boolean hasLength = false;
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase("content-length")) {
                    hasLength = true;
                }
                sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            if (!head) {
                sb.append("Content-Length: ").append(body.length).append("\r\n");
            } else if (!hasLength) {
                sb.append("Content-Length: 0\r\n");
            }
            sb.append("\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!head) {
                out.write(body);
            }
        }
    }

    private static List<String[]> readHeaders(InputStream in) throws IOException {
        List<String[]> headers = new ArrayList<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
        }
        return headers;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("body ended after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new EOFException("chunked body ended early");
            }
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                readHeaders(in); // trailers
                return out.toByteArray();
            }
            out.write(readFully(in, size));
            readLine(in);
        }
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i < b.length - 1; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return b.length;
    }
}
