package org.s3upload.examples.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.Progress;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadException.Kind;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

/** What the contract suite cannot see: status mapping, the WebDAV call sequence, verification, recovery. */
class WebDavTargetTest {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    static Path serverRoot;
    private static WebDavTestServer server;

    @TempDir
    Path local;
    private String prefix;
    private final List<UploadTarget> targets = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new WebDavTestServer(serverRoot);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void prefix(TestInfo info) {
        prefix = "t/" + info.getTestMethod().get().getName() + "/";
    }

    @AfterEach
    void closeTargets() {
        targets.forEach(UploadTarget::close);
    }

    // ---------------------------------------------------------------- status mapping

    @Test
    void wrongPasswordIsPermanentNamingTheUrlButNotThePassword() throws Exception {
        String wrong = "Wr0ng-horse-battery";
        UploadTarget t = target(config(server.url(), "password", wrong));
        UploadException e = failure(t, file(100), prefix + "a.bin");
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains(server.url()).contains("401").contains("'username'").contains("'password'")
                .doesNotContain(wrong)
                .doesNotContain(Base64.getEncoder().encodeToString(("alice:" + wrong).getBytes(StandardCharsets.UTF_8)));
        assertThat(stackText(e)).doesNotContain(wrong);
    }

    @Test
    void refusalOfALargePutArrivesBeforeItsBodyAndStaysPermanent() throws Exception {
        // A key at the top of the base collection needs no MKCOL, so the PUT is the first request;
        // the server answers 401 without reading the 8 MiB body and closes the connection.
        String wrong = "Wr0ng-horse-battery";
        UploadTarget t = target(config(server.url(), "password", wrong));
        String key = "refused-" + System.nanoTime() + ".bin";
        UploadException e = failure(t, file(8L << 20), key);
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).startsWith("PUT " + server.url() + key + ".s3upload-partial-").contains("401")
                .doesNotContain(wrong);
    }

    @Test
    void serverErrorIsRetryableAndLeavesNoPartial() throws Exception {
        UploadTarget t = target(config(server.url()));
        Path f = file(50_000);
        server.inject("PUT", 503, 1);
        UploadException e = failure(t, f, prefix + "busy.bin");
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("503").contains(server.url() + prefix);
        assertThat(t.listIncomplete(prefix)).isEmpty();
        assertThat(t.stat(prefix + "busy.bin")).isEmpty();

        UploadResult r = t.start(UploadRequest.builder(f, prefix + "busy.bin").build(), UploadListener.NONE)
                .await(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(r.md5()).contains(Checksums.md5Hex(f));
    }

    @Test
    void missingBaseCollectionIsPermanentNamingIt() throws Exception {
        String base = server.url("/no-such-collection/");
        UploadTarget t = target(config(base));
        for (String key : new String[] {"nested/a.bin", "top.bin"}) {
            UploadException e = failure(t, file(10), key);
            assertThat(e.kind()).as(key).isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).as(key).contains(base).contains("'url'");
        }
    }

    @Test
    void insufficientStorageIsPermanent() throws Exception {
        UploadTarget t = target(config(server.url()));
        server.inject("PUT", 507, 1);
        UploadException e = failure(t, file(10), prefix + "full.bin");
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("507").contains("space");
    }

    @Test
    void forbiddenIsPermanent() throws Exception {
        UploadTarget t = target(config(server.url()));
        server.inject("MKCOL", 403, 1);
        UploadException e = failure(t, file(10), prefix + "no-write.bin");
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("403").contains("write access");
    }

    @Test
    void refusedConnectionIsRetryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/dav/";
        UploadTarget t = target(config(url));
        UploadException e = failure(t, file(10), prefix + "down.bin");
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getMessage()).contains(url);
        UploadException s = assertThrows(UploadException.class, () -> t.stat(prefix + "x"));
        assertThat(s.kind()).as("stat cannot tell 'absent' from 'unreachable', so it fails").isEqualTo(Kind.RETRYABLE);
    }

    // ---------------------------------------------------------------- the call sequence and verification

    @Test
    void putsToPartialThenReadsBackThenMovesAndWritesManifest() throws Exception {
        UploadTarget t = target(config(server.url()));
        String key = prefix + "dir/seq.bin";
        int before = server.requests().size();
        await(t.start(UploadRequest.builder(file(1000), key).build(), UploadListener.NONE));
        List<String> calls = server.requests().subList(before, server.requests().size());
        List<String> methods = calls.stream().map(c -> c.substring(0, c.indexOf(' '))).collect(Collectors.toList());
        assertThat(methods).containsExactly("MKCOL", "MKCOL", "MKCOL", "PUT", "GET", "DELETE", "MOVE", "PROPFIND", "PUT");
        assertThat(calls.get(3)).contains(".s3upload-partial-");
        assertThat(calls.get(4)).isEqualTo(calls.get(3).replace("PUT", "GET")).as("the partial is read back before it is moved");
        assertThat(calls.get(8)).endsWith("seq.bin.s3upload-manifest");

        int again = server.requests().size();
        await(t.start(UploadRequest.builder(file(10), prefix + "dir/second.bin").build(), UploadListener.NONE));
        assertThat(server.requests().subList(again, server.requests().size())).noneMatch(c -> c.startsWith("MKCOL"))
                .as("collections are created once per target");
    }

    @Test
    void corruptionOnTheServerIsCaughtBeforeTheObjectBecomesVisible() throws Exception {
        UploadTarget t = target(config(server.url()));
        String key = prefix + "corrupt.bin";
        Path old = file(300);
        await(t.start(UploadRequest.builder(old, key).build(), UploadListener.NONE));
        server.corruptPuts(1);
        UploadException e = failure(t, file(4000), key);
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("MD5").contains(key);
        assertThat(Files.readAllBytes(server.file(key))).as("the previous object is untouched").isEqualTo(Files.readAllBytes(old));
        assertThat(t.listIncomplete(prefix)).as("the bad copy is deleted").isEmpty();
    }

    @Test
    void statTrustsTheManifestOnlyForTheVersionItDescribes() throws Exception {
        UploadTarget t = target(config(server.url()));
        String key = prefix + "replaced.mp4";
        Path f = file(2000);
        await(t.start(UploadRequest.builder(f, key).contentType("video/mp4").metadata("stream", "cam1").build(), UploadListener.NONE));
        RemoteObject o = t.stat(key).get();
        assertThat(o.matches(2000, Checksums.md5Hex(f))).isTrue();
        assertThat(o.contentType()).contains("video/mp4");
        assertThat(o.metadata()).containsEntry("stream", "cam1");

        byte[] other = Files.readAllBytes(f);
        other[0] ^= 1;
        Files.write(server.file(key), other); // another tool replaces the object, same size
        RemoteObject after = t.stat(key).get();
        assertThat(after.size()).isEqualTo(2000);
        assertThat(after.md5()).as("a manifest of the previous version proves nothing").isEmpty();
        assertThat(after.matches(2000, Checksums.md5Hex(f))).isFalse();
    }

    @Test
    void reportsProgressWhileSendingAndDoneOnlyOnceStored() throws Exception {
        UploadTarget t = target(config(server.url()));
        List<Progress> seen = new ArrayList<>();
        long size = 3L << 20;
        await(t.start(UploadRequest.builder(file(size), prefix + "p.bin").build(), new UploadListener() {
            @Override
            public void onProgress(Progress p) {
                seen.add(p);
            }
        }));
        assertThat(seen.size()).isGreaterThan(2);
        assertThat(seen).filteredOn(p -> p.bytesSent() < size).allSatisfy(p -> assertThat(p.bytesDone()).isZero());
        assertThat(seen.get(seen.size() - 1)).isEqualTo(new Progress(size, size, size));
    }

    // ---------------------------------------------------------------- pause, resume, orphans

    @Test
    void pauseDuringThePutReturnsNoTokenAndLeavesNothingBehind() throws Exception {
        UploadTarget t = target(config(server.url()));
        String key = prefix + "paused.bin";
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        AtomicReference<String> published = new AtomicReference<>();
        server.holdPutBodies(gate);
        Upload u;
        try {
            u = t.start(UploadRequest.builder(file(16L << 20), key).build(), new UploadListener() {
                @Override
                public void onResumeToken(String token) {
                    published.set(token);
                }

                @Override
                public void onProgress(Progress p) {
                    if (p.bytesSent() > 0) {
                        sending.countDown();
                    }
                }
            });
            assertThat(sending.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(u.pause()).as("a PUT cut short cannot be continued").isEmpty();
        } finally {
            server.holdPutBodies(null);
            gate.countDown();
        }
        Upload paused = u;
        assertThrows(CancellationException.class, () -> paused.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(u.isDone()).isTrue();
        t.close(); // waits for the upload thread, which deletes the partial
        UploadTarget fresh = target(config(server.url()));
        assertThat(fresh.listIncomplete(prefix)).isEmpty();
        assertThat(fresh.stat(key)).isEmpty();
        assertThat(published.get()).as("a token was published before the PUT").isNotNull();
        UploadException e = failure(() -> fresh.resume(published.get(), UploadRequest.builder(file(16L << 20), key).build(),
                UploadListener.NONE));
        assertThat(e.kind()).isEqualTo(Kind.RESUME_REJECTED);
    }

    @Test
    void resumeFinishesAVerifiedPartialWithoutResendingIt() throws Exception {
        UploadTarget t = target(config(server.url()));
        String key = prefix + "half-done.bin";
        Path f = file(200_000);
        AtomicReference<String> token = new AtomicReference<>();
        server.inject("MOVE", 503, 1); // fails after the PUT and the read-back, as a crash there would
        UploadException e = failure(() -> t.start(UploadRequest.builder(f, key).build(), new UploadListener() {
            @Override
            public void onResumeToken(String tk) {
                token.set(tk);
            }
        }));
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        List<IncompleteUpload> orphans = t.listIncomplete(prefix);
        assertThat(orphans).extracting(IncompleteUpload::key).containsExactly(key);
        assertThat(orphans.get(0).initiatedEpochMillis()).isPositive();

        UploadTarget other = target(config(server.url()));
        UploadResult r = await(other.resume(token.get(), UploadRequest.builder(f, key).build(), UploadListener.NONE));
        assertThat(r.bytesSent()).isZero();
        assertThat(r.md5()).contains(Checksums.md5Hex(f));
        assertThat(Files.readAllBytes(server.file(key))).isEqualTo(Files.readAllBytes(f));
        assertThat(other.stat(key).get().matches(200_000, r.checksum().toString())).isTrue();
        assertThat(other.listIncomplete(prefix)).isEmpty();
    }

    @Test
    void resumeOfACompletedUploadSendsNothing() throws Exception {
        UploadTarget t = target(config(server.url()));
        String key = prefix + "done.bin";
        Path f = file(5000);
        AtomicReference<String> token = new AtomicReference<>();
        await(t.start(UploadRequest.builder(f, key).build(), new UploadListener() {
            @Override
            public void onResumeToken(String tk) {
                token.set(tk);
            }
        }));
        UploadResult r = await(target(config(server.url())).resume(token.get(), UploadRequest.builder(f, key).build(),
                UploadListener.NONE));
        assertThat(r.bytesSent()).isZero();
        assertThat(r.size()).isEqualTo(5000);

        // As if stopped between MOVE and the manifest: the object is proved by reading it, and the manifest rewritten.
        Files.delete(server.file(key + ".s3upload-manifest"));
        assertThat(t.stat(key).get().md5()).isEmpty();
        UploadResult again = await(t.resume(token.get(), UploadRequest.builder(f, key).build(), UploadListener.NONE));
        assertThat(again.bytesSent()).isZero();
        assertThat(t.stat(key).get().matches(5000, Checksums.md5Hex(f))).isTrue();

        Files.write(server.file(key), new byte[5000]); // replaced by something else: nothing to resume
        UploadException e = failure(() -> t.resume(token.get(), UploadRequest.builder(f, key).build(), UploadListener.NONE));
        assertThat(e.kind()).isEqualTo(Kind.RESUME_REJECTED);
    }

    @Test
    void aPartialCutShortIsRejectedAndAbortRemovesIt() throws Exception {
        UploadTarget t = target(config(server.url()));
        String key = prefix + "cut.bin";
        Path f = file(10_000);
        String id = "0123456789abcdef0123456789abcdef";
        Files.createDirectories(server.file(prefix));
        Files.write(server.file(key + ".s3upload-partial-" + id), new byte[4000]); // what a server may keep of a cut PUT
        long mtime = Files.getLastModifiedTime(f).toMillis();
        String token = new WebDavToken(server.url(), key, id, 10_000, mtime).write();

        UploadException e = failure(() -> t.resume(token, UploadRequest.builder(f, key).build(), UploadListener.NONE));
        assertThat(e.kind()).isEqualTo(Kind.RESUME_REJECTED);
        assertThat(e.getMessage()).contains("4000 of 10000").contains("afresh");
        t.abort(token);
        assertThat(Files.exists(server.file(key + ".s3upload-partial-" + id))).isFalse();
        t.abort(token); // idempotent
        assertThat(t.listIncomplete(prefix)).isEmpty();
    }

    @Test
    void listIncompleteIsScopedAndItsTokensAbort() throws Exception {
        UploadTarget t = target(config(server.url()));
        String a = prefix + "a/deep/one.bin";
        String b = prefix + "b/two.bin";
        for (String k : new String[] {a, b}) {
            Files.createDirectories(server.file(k).getParent());
            Files.write(server.file(k + ".s3upload-partial-" + "ab".repeat(16)), new byte[10]);
        }
        Files.write(server.file(prefix + "a/not-partial.s3upload-partial-xyz"), new byte[1]);
        assertThat(t.listIncomplete(prefix + "a/")).extracting(IncompleteUpload::key).containsExactly(a);
        assertThat(t.listIncomplete(prefix + "a/de")).extracting(IncompleteUpload::key).containsExactly(a);
        assertThat(t.listIncomplete(prefix + "c/")).isEmpty();
        List<IncompleteUpload> all = t.listIncomplete(prefix);
        assertThat(all).extracting(IncompleteUpload::key).containsExactlyInAnyOrder(a, b);
        int before = server.requests().size();
        assertThat(t.listIncomplete("")).extracting(IncompleteUpload::key).contains(a, b).allMatch(k -> !k.startsWith("/"));
        assertThat(server.requests().subList(before, server.requests().size()))
                .as("each collection is listed once, by its own path").doesNotHaveDuplicates().noneMatch(r -> r.contains("//"));
        assertThat(t.listIncomplete("t")).extracting(IncompleteUpload::key).contains(a, b);
        IncompleteUpload inA = all.stream().filter(i -> i.key().equals(a)).findFirst().get();
        assertThat(inA.uploadId()).isEqualTo("ab".repeat(16));

        target(config(server.url())).abort(inA.abortToken());
        assertThat(t.listIncomplete(prefix)).extracting(IncompleteUpload::key).containsExactly(b);
        UploadException e = assertThrows(UploadException.class, () -> t.resume(inA.abortToken(),
                UploadRequest.builder(file(10), a).build(), UploadListener.NONE));
        assertThat(e.kind()).isEqualTo(Kind.RESUME_REJECTED);
    }

    @Test
    void tokensNameTheirTargetAndHoldNoSecret() throws Exception {
        UploadTarget t = target(config(server.url()));
        String key = prefix + "tok.bin";
        AtomicReference<String> token = new AtomicReference<>();
        Path f = file(10);
        await(t.start(UploadRequest.builder(f, key).build(), new UploadListener() {
            @Override
            public void onResumeToken(String tk) {
                token.set(tk);
            }
        }));
        assertThat(token.get()).startsWith("{\"provider\":\"webdav\",\"format\":1,").contains(server.url())
                .doesNotContain(WebDavTestServer.PASSWORD);
        UploadTarget elsewhere = target(config(server.url("/dav/t/")));
        UploadException e = assertThrows(UploadException.class,
                () -> elsewhere.resume(token.get(), UploadRequest.builder(f, key).build(), UploadListener.NONE));
        assertThat(e.kind()).isEqualTo(Kind.RESUME_REJECTED);
        assertThat(e.getMessage()).contains(server.url());
    }

    @Test
    void refusesKeysWebDavCannotHoldOrThatCollideWithItsOwnFiles() throws Exception {
        UploadTarget t = target(config(server.url()));
        for (String bad : new String[] {"a/../b.bin", "a//b.bin", "./a.bin", "dir/", "x.bin.s3upload-manifest",
                "y.bin.s3upload-partial-0123456789abcdef0123456789abcdef"}) {
            UploadException e = assertThrows(UploadException.class,
                    () -> t.start(UploadRequest.builder(file(1), bad).build(), UploadListener.NONE), bad);
            assertThat(e.kind()).as(bad).isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).as(bad).contains("'" + bad + "'");
        }
    }

    @Test
    void aContentTypeThatWouldInjectHeadersCannotReachTheProvider() throws Exception {
        // The provider sends the content type as a header; the api's UploadRequest refuses CR/LF.
        assertThrows(IllegalArgumentException.class, () -> UploadRequest.builder(file(1), prefix + "typed.bin")
                .contentType("video/mp4\r\nDestination: http://elsewhere/"));
        UploadTarget t = target(config(server.url()));
        UploadRequest req = UploadRequest.builder(file(1), prefix + "typed.bin")
                .contentType("video/mp4; codecs=\"avc1\"").build();
        t.start(req, UploadListener.NONE).await(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(t.stat(prefix + "typed.bin").flatMap(o -> o.contentType())).contains("video/mp4; codecs=\"avc1\"");
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, String> config(String url, String... overrides) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("url", url);
        c.put("username", WebDavTestServer.USER);
        c.put("password", WebDavTestServer.PASSWORD);
        c.put("connectTimeoutMs", "5000");
        c.put("readTimeoutMs", "30000");
        for (int i = 0; i < overrides.length; i += 2) {
            c.put(overrides[i], overrides[i + 1]);
        }
        return c;
    }

    private UploadTarget target(Map<String, String> config) throws UploadException {
        UploadTarget t = new WebDavProvider().create(config);
        targets.add(t);
        return t;
    }

    private int files;

    private Path file(long size) throws IOException {
        byte[] b = new byte[(int) size];
        new Random(size * 31 + files).nextBytes(b);
        Path f = local.resolve("rec-" + (files++) + ".bin");
        Files.write(f, b);
        return f;
    }

    private static UploadResult await(Upload u) throws Exception {
        return u.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static UploadException failure(UploadTarget t, Path f, String key) throws Exception {
        return failure(() -> t.start(UploadRequest.builder(f, key).build(), UploadListener.NONE));
    }

    private interface Call {
        Upload run() throws Exception;
    }

    private static UploadException failure(Call call) throws Exception {
        Upload u;
        try {
            u = call.run();
        } catch (UploadException e) {
            return e;
        }
        try {
            throw new AssertionError("expected a failure, got " + await(u));
        } catch (UploadException e) {
            return e;
        }
    }

    private static String stackText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }
}
