package org.s3upload.provider.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;
import org.s3upload.internal.Json;
import org.s3upload.api.Progress;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

/** Resume after a crash, damage detection, and the on-disk layout of partial uploads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FilesystemResumeTest {
    private static final int CHUNK = 16 * 1024;
    private static final int SIZE = 5 * CHUNK + 100;

    @TempDir
    Path base;
    Path root;
    Path source;
    final List<UploadTarget> targets = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(base.resolve("root"));
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        source = Files.write(base.resolve("recording.mp4"), data);
    }

    @AfterEach
    void closeAll() {
        targets.forEach(UploadTarget::close);
    }

    private UploadTarget newTarget(String... kv) throws UploadException {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("root", root.toString());
        c.put("chunkSize", String.valueOf(CHUNK));
        for (int i = 0; i < kv.length; i += 2) {
            c.put(kv[i], kv[i + 1]);
        }
        UploadTarget t = new FilesystemProvider().create(c);
        targets.add(t);
        return t;
    }

    /** Starts an upload, stalls it after {@code chunks} journaled chunks, runs {@code atStall}, then pauses it. */
    private String pauseAfter(UploadTarget t, UploadRequest req, int chunks, Runnable atStall) throws Exception {
        Stall stall = new Stall((long) chunks * CHUNK);
        Upload u = t.start(req, stall);
        stall.awaitStalled();
        atStall.run();
        String token = u.pause().orElseThrow(AssertionError::new);
        stall.release();
        assertThatThrownBy(() -> u.await(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(token).isEqualTo(stall.token.get());
        return token;
    }

    private List<String> hiddenFiles() throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(n -> n.contains(".s3upload-")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void newTargetResumesWhatACrashedTargetLeftAndSendsOnlyMissingChunks() throws Exception {
        UploadRequest req = UploadRequest.builder(source, "rec/crash.mp4").build();
        UploadTarget crashed = newTarget();
        Path snapshot = Files.createDirectory(base.resolve("snapshot"));
        String token = pauseAfter(crashed, req, 2, () -> {
            try {
                // What the disk held at the moment of the "crash": two chunks forced and journaled.
                for (String name : hiddenFiles()) {
                    Files.copy(root.resolve(name), snapshot.resolve(Path.of(name).getFileName()));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        PartialFiles files = new PartialFiles(root.resolve("rec/crash.mp4"), (String) Json.parseObject(token).get("uploadId"));
        try (Stream<Path> s = Files.list(snapshot)) {
            for (Path p : s.collect(Collectors.toList())) {
                Files.copy(p, files.data().resolveSibling(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // A third chunk half written when the power went: garbage past the journaled length.
        try (RandomAccessFile raf = new RandomAccessFile(files.data().toFile(), "rw")) {
            raf.seek(2L * CHUNK);
            raf.write(new byte[CHUNK / 2]);
        }
        assertThat(Json.parseObject(new String(Files.readAllBytes(files.journal()))).get("chunksDone")).isEqualTo(2L);
        // The crashed target is never closed, as after a kill.

        List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
        UploadResult r = newTarget().resume(token, req, new UploadListener() {
            @Override
            public void onProgress(Progress p) {
                seen.add(p);
            }
        }).await(30, TimeUnit.SECONDS);
        assertThat(r.bytesSent()).isEqualTo(SIZE - 2L * CHUNK);
        assertThat(seen.get(0)).isEqualTo(new Progress(0, 2L * CHUNK, SIZE));
        assertThat(root.resolve("rec/crash.mp4")).hasSameBinaryContentAs(source);
        assertThat(r.md5()).contains(Checksums.md5Hex(source));
        assertThat(hiddenFiles()).containsExactly("rec/.crash.mp4.s3upload-meta");
    }

    @Test
    void aDamagedChunkFailsVerificationInsteadOfBecomingTheObject() throws Exception {
        UploadRequest req = UploadRequest.builder(source, "damaged.mp4").build();
        UploadTarget t = newTarget();
        String token = pauseAfter(t, req, 2, () -> { });
        Path partial = new PartialFiles(root.resolve("damaged.mp4"), (String) Json.parseObject(token).get("uploadId")).data();
        try (RandomAccessFile raf = new RandomAccessFile(partial.toFile(), "rw")) {
            raf.seek(100);
            int b = raf.read();
            raf.seek(100);
            raf.write(b ^ 0xff);
        }
        Upload u = t.resume(token, req, UploadListener.NONE);
        assertThatThrownBy(() -> u.await(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(UploadException.class, e -> {
            assertThat(e.kind()).isEqualTo(UploadException.Kind.RETRYABLE);
            assertThat(e.getMessage()).contains("verification").contains("damaged.mp4").contains("from byte 100 on");
        });
        assertThat(root.resolve("damaged.mp4")).doesNotExist();
        assertThat(t.stat("damaged.mp4")).isEmpty();
        assertThat(hiddenFiles()).as("the damaged partial is discarded").isEmpty();
        assertThatThrownBy(() -> t.resume(token, req, UploadListener.NONE)).isInstanceOfSatisfying(UploadException.class,
                e -> assertThat(e.kind()).isEqualTo(UploadException.Kind.RESUME_REJECTED));
    }

    @Test
    void wrongPrecomputedMd5IsRefusedAndNothingIsPublished() throws Exception {
        UploadRequest req = UploadRequest.builder(source, "wrong-md5.mp4").md5("00000000000000000000000000000000").build();
        Upload u = newTarget().start(req, UploadListener.NONE);
        String sourceMd5 = Checksums.md5Hex(source);
        assertThatThrownBy(() -> u.await(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(UploadException.class, e -> {
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("00000000000000000000000000000000").contains(sourceMd5);
        });
        assertThat(root.resolve("wrong-md5.mp4")).doesNotExist();
        assertThat(hiddenFiles()).isEmpty();
    }

    @Test
    void tokenForAnotherKeyOrWithAnInjectedUploadIdIsRejected() throws Exception {
        UploadTarget t = newTarget();
        UploadRequest req = UploadRequest.builder(source, "a.mp4").build();
        String token = pauseAfter(t, req, 1, () -> { });
        UploadRequest other = UploadRequest.builder(source, "b.mp4").build();
        assertThatThrownBy(() -> t.resume(token, other, UploadListener.NONE)).isInstanceOfSatisfying(UploadException.class,
                e -> assertThat(e.kind()).isEqualTo(UploadException.Kind.RESUME_REJECTED));
        Map<String, Object> evil = Json.parseObject(token);
        evil.put("uploadId", "../../../etc/passwd");
        assertThatThrownBy(() -> t.resume(Json.write(evil), req, UploadListener.NONE)).isInstanceOfSatisfying(UploadException.class,
                e -> assertThat(e.getMessage()).contains("not 16 hex digits"));
        assertThatThrownBy(() -> t.abort(Json.write(evil))).isInstanceOf(UploadException.class);
    }

    @Test
    void resumeWhileTheSameUploadStillRunsIsRetryable() throws Exception {
        UploadTarget t = newTarget();
        UploadRequest req = UploadRequest.builder(source, "busy.mp4").build();
        Stall stall = new Stall(CHUNK);
        Upload u = t.start(req, stall);
        stall.awaitStalled();
        assertThatThrownBy(() -> newTarget().resume(stall.token.get(), req, UploadListener.NONE))
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UploadException.Kind.RETRYABLE);
                    assertThat(e.getMessage()).contains("still running");
                });
        stall.release();
        assertThat(u.await(30, TimeUnit.SECONDS).size()).isEqualTo(SIZE);
    }

    @Test
    void abortStopsARunningUploadBeforeDeletingItsFiles() throws Exception {
        UploadTarget t = newTarget();
        Stall stall = new Stall(CHUNK);
        Upload u = t.start(UploadRequest.builder(source, "stop-me.mp4").build(), stall);
        stall.awaitStalled();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100); // let abort() begin waiting; the test passes either way
            } catch (InterruptedException ignored) {
                // exit
            }
            stall.release();
        });
        releaser.start();
        newTarget().abort(stall.token.get());
        releaser.join();
        assertThatThrownBy(() -> u.await(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(hiddenFiles()).isEmpty();
        assertThat(t.listIncomplete("")).isEmpty();
    }

    @Test
    void storedBytesTellsWhatAPartialUploadOccupiesUntilItIsAborted() throws Exception {
        UploadTarget t = newTarget();
        Stall stall = new Stall(CHUNK);
        Upload u = t.start(UploadRequest.builder(source, "partial.mp4").build(), stall);
        stall.awaitStalled();
        java.util.List<org.s3upload.api.IncompleteUpload> found = newTarget().listIncomplete("");
        assertThat(found).hasSize(1);
        assertThat(newTarget().storedBytes(found.get(0)).orElse(-1)).isGreaterThanOrEqualTo(CHUNK);
        Thread releaser = new Thread(stall::release); // abort waits for the running copy to stop
        releaser.start();
        newTarget().abort(found.get(0).abortToken());
        releaser.join();
        assertThatThrownBy(() -> u.await(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(newTarget().storedBytes(found.get(0))).isEmpty();
    }

    @Test
    void onlyTheConfiguredNumberOfUploadsCopyAtOnce() throws Exception {
        UploadTarget t = newTarget("threads", "1");
        Stall first = new Stall(CHUNK);
        Upload a = t.start(UploadRequest.builder(source, "one.mp4").build(), first);
        first.awaitStalled();
        Stall second = new Stall(Long.MAX_VALUE);
        Upload b = t.start(UploadRequest.builder(source, "two.mp4").build(), second);
        // The only thread is held by the first upload, so the second cannot have begun.
        assertThat(second.first.get()).isNull();
        assertThat(second.token.get()).isNull();
        assertThat(b.isDone()).isFalse();
        assertThat(b.resumeToken()).isEmpty();
        first.release();
        a.await(30, TimeUnit.SECONDS);
        assertThat(b.await(30, TimeUnit.SECONDS).size()).isEqualTo(SIZE);
    }

    @Test
    void aQueuedUploadPausedBeforeItStartsLeavesNothing() throws Exception {
        UploadTarget t = newTarget("threads", "1");
        Stall first = new Stall(CHUNK);
        Upload a = t.start(UploadRequest.builder(source, "one.mp4").build(), first);
        first.awaitStalled();
        Upload b = t.start(UploadRequest.builder(source, "queued.mp4").build(), UploadListener.NONE);
        assertThat(b.pause()).isEmpty();
        assertThat(b.isDone()).isTrue();
        assertThatThrownBy(() -> b.await(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class)
                .hasMessageContaining("nothing was written");
        first.release();
        a.await(30, TimeUnit.SECONDS);
        assertThat(t.listIncomplete("")).isEmpty();
        assertThat(root.resolve("queued.mp4")).doesNotExist();
    }

    @Test
    void statComputesTheMd5OfFilesItDidNotWriteAndIgnoresStaleSidecars() throws Exception {
        UploadTarget t = newTarget("fsync", "false");
        t.start(UploadRequest.builder(source, "v.mp4").metadata("camera", "1").build(), UploadListener.NONE).await(30, TimeUnit.SECONDS);
        RemoteObject ours = t.stat("v.mp4").orElseThrow(AssertionError::new);
        assertThat(ours.contentType()).contains("video/mp4");
        assertThat(ours.metadata()).containsEntry("camera", "1");

        byte[] replaced = Files.readAllBytes(source);
        replaced[0] ^= 1; // same size, other content, written by another tool
        Path foreign = Files.write(base.resolve("other"), replaced);
        Files.move(foreign, root.resolve("v.mp4"), StandardCopyOption.REPLACE_EXISTING);
        RemoteObject now = t.stat("v.mp4").orElseThrow(AssertionError::new);
        assertThat(now.md5()).contains(Checksums.md5Hex(root.resolve("v.mp4")));
        assertThat(now.md5()).isNotEqualTo(ours.md5());
        assertThat(now.contentType()).isEmpty();
        assertThat(now.metadata()).isEmpty();

        Files.write(root.resolve("plain.txt"), new byte[] {1, 2, 3});
        assertThat(t.stat("plain.txt")).hasValueSatisfying(o -> assertThat(o.matches(3, "5289df737df57326fcdd22597afb1fac")).isTrue());
        Files.createDirectory(root.resolve("dir"));
        assertThat(t.stat("dir")).as("a directory is not an object").isEmpty();
    }

    @Test
    void listIncompleteWhileUploadsRenameTheirFiles() throws Exception {
        // Journals are replaced through temp files after every chunk; a listing walks past files
        // that vanish under it and must not fail because of them.
        UploadTarget t = newTarget("threads", "8", "chunkSize", "4KiB", "fsync", "false");
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            uploads.add(t.start(UploadRequest.builder(source, "busy/" + i + ".mp4").build(), UploadListener.NONE));
        }
        int listings = 0;
        while (!uploads.stream().allMatch(Upload::isDone) || listings == 0) {
            assertThat(t.listIncomplete("busy/")).allSatisfy(i -> assertThat(i.key()).startsWith("busy/"));
            listings++;
        }
        for (Upload u : uploads) {
            assertThat(u.await(30, TimeUnit.SECONDS).size()).isEqualTo(SIZE);
        }
        assertThat(t.listIncomplete("busy/")).isEmpty();
    }

    @Test
    void listIncompleteDescribesPartialUploadsAndTheirAbortTokensWork() throws Exception {
        UploadTarget t = newTarget();
        long before = System.currentTimeMillis();
        String token = pauseAfter(t, UploadRequest.builder(source, "x/y/z.mp4").build(), 1, () -> { });
        assertThat(t.listIncomplete("x/")).singleElement().satisfies(i -> {
            assertThat(i.key()).isEqualTo("x/y/z.mp4");
            assertThat(i.uploadId()).isEqualTo(Json.parseObject(token).get("uploadId"));
            assertThat(i.initiatedEpochMillis()).isBetween(before, System.currentTimeMillis());
            assertThat(i.abortToken()).isEqualTo(token);
        });
        // A journal damaged beyond reading still lists, and its abort token still removes everything.
        PartialFiles files = new PartialFiles(root.resolve("x/y/z.mp4"), (String) Json.parseObject(token).get("uploadId"));
        Files.write(files.journal(), "{garbage".getBytes());
        String abortToken = t.listIncomplete("").get(0).abortToken();
        t.abort(abortToken);
        assertThat(hiddenFiles()).isEmpty();
    }
}
