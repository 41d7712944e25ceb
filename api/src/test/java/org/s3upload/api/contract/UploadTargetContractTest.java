package org.s3upload.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.ConfigKey;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.internal.Json;
import org.s3upload.api.Progress;
import org.s3upload.api.RemoteObject;
import org.s3upload.spi.support.ResumeTokens;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;

/**
 * The behaviour every {@link UploadTargetProvider} promises, as tests. A provider's test extends
 * this class with a small fixture:
 *
 * <pre>{@code
 * class MyContractTest extends UploadTargetContractTest {
 *     protected UploadTargetProvider provider() { return new MyProvider(); }
 *     protected Map<String, String> config() { return Map.of("endpoint", ..., "partSize", "5MiB"); }
 *     protected byte[] readObject(String key) throws Exception { ... read the stored bytes directly ... }
 *     protected long partSize() { return 5 << 20; }
 * }
 * }</pre>
 *
 * <p>Every test uses its own keys under a prefix unique to the test run, so one store may be shared
 * by all tests and all runs. A fresh target is created from {@link #config()} before each test
 * and closed after it ({@link #target}).
 *
 * <p>Pausing is made deterministic without sleeps: a listener blocks inside
 * {@link UploadListener#onProgress} once at least one part is done, which stalls the provider's
 * upload thread(s); the test then calls {@link Upload#pause()} or {@link UploadTarget#close()}
 * from its own thread and only afterwards releases the listener. That these calls return while a
 * callback is blocked is itself part of the contract (callbacks run without locks that pause and
 * close need); a provider that deadlocks fails on a timeout instead of hanging the build.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
public abstract class UploadTargetContractTest {

    /** How long any single upload may take before the test fails rather than hangs. */
    protected static final Duration AWAIT = Duration.ofSeconds(90);

    /**
     * How many parts that a paused upload had reported done may still be sent again by its resume.
     * One, because a provider may report a part done a moment before its record of the part
     * (journal entry, part listing) is durable; anything more means resume re-sends stored data.
     */
    protected static final int RESUME_RESEND_ALLOWANCE_PARTS = 1;

    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger SEEDS = new AtomicInteger(1);

    /** The target under test, created from {@link #config()} before each test and closed after it. */
    protected UploadTarget target;

    /** A per-test scratch directory for local files the test modifies. */
    @TempDir
    protected Path scratch;

    private String prefix;
    private final List<UploadTarget> extraTargets = new ArrayList<>();
    private final List<CountDownLatch> latchesToRelease = Collections.synchronizedList(new ArrayList<>());
    private final List<RecordingThrottle> throttlesToOpen = Collections.synchronizedList(new ArrayList<>());

    // ---------------------------------------------------------------- fixture hooks

    /** The provider under test. */
    protected abstract UploadTargetProvider provider();

    /** A valid configuration for the storage under test. */
    protected abstract Map<String, String> config();

    /** The complete bytes stored at {@code key}, read without the provider (S3 GET, file read). */
    protected abstract byte[] readObject(String key) throws Exception;

    /**
     * The size at which the provider, as configured by {@link #config()}, splits a file into
     * parts or chunks. "Multi-part" files in this suite are 3 parts plus a remainder.
     */
    protected long partSize() {
        return 5L << 20;
    }

    /**
     * Invalid configurations by the name of the offending key; for each, {@code create} must fail
     * {@link UploadException.Kind#PERMANENT} with a message naming that key.
     */
    protected Map<String, Map<String, String>> invalidConfigs() {
        return Collections.emptyMap();
    }

    /**
     * Called after a pause or a close and before the resume that follows it. A fixture whose store
     * goes on finishing requests after the client has gone (and meanwhile lists less than it has
     * acknowledged) waits here until it is quiet; the default does nothing.
     */
    protected void awaitStoreQuiet() throws Exception {
    }

    /** Empty when the provider has {@code capability}, otherwise the reason it lacks it. */
    protected Optional<String> lacks(Capability capability) {
        return Optional.empty();
    }

    // ---------------------------------------------------------------- lifecycle

    @BeforeEach
    void createTarget(TestInfo info) throws Exception {
        String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
        prefix = "contract-" + RUN_ID + "/" + getClass().getSimpleName() + "/" + method + "-"
                + SEEDS.getAndIncrement() + "/";
        target = provider().create(config());
    }

    @AfterEach
    void closeTargets() {
        // Release stalled listeners first so a provider's threads can finish and close stays quick.
        for (CountDownLatch l : latchesToRelease) {
            l.countDown();
        }
        for (RecordingThrottle t : throttlesToOpen) {
            t.open();
        }
        for (UploadTarget t : extraTargets) {
            t.close();
        }
        if (target != null) {
            target.close();
        }
    }

    /** A key unique to this test, under this test's prefix. */
    protected String key(String name) {
        return prefix + name;
    }

    /** This test's key prefix (ends with '/'). */
    protected String prefix() {
        return prefix;
    }

    /** A new target for the same storage, closed after the test. */
    protected UploadTarget newTarget() throws UploadException {
        UploadTarget t = provider().create(config());
        extraTargets.add(t);
        return t;
    }

    /** A read-only random source file with a seed unique to the call. */
    protected Path sourceFile(long size) {
        return ContractFiles.random(size, SEEDS.getAndIncrement() * 7919L);
    }

    /** A file of 3 parts plus a remainder. */
    protected long multiPartSize() {
        return 3 * partSize() + partSize() / 3 + 17;
    }

    // ---------------------------------------------------------------- provider description

    @Test
    void providerDescribesItself() throws Exception {
        UploadTargetProvider p = provider();
        assertThat(p.id()).matches("[a-z][a-z0-9-]*");
        assertThat(p.spiVersion()).isEqualTo(UploadTargetProvider.SPI_VERSION);
        assertThat(p.description()).isNotBlank();
        List<ConfigKey> keys = p.configKeys();
        assertThat(keys).isNotEmpty();
        assertThat(keys).allSatisfy(k -> assertThat(k.description()).as("description of " + k.name()).isNotBlank());
        assertThat(keys.stream().map(ConfigKey::name).collect(Collectors.toSet())).hasSameSizeAs(keys);
        assertThat(target.providerId()).isEqualTo(p.id());
        assertThat(target.fingerprint()).isNotBlank();
        assertThat(newTarget().fingerprint()).as("fingerprint is stable for one configuration").isEqualTo(target.fingerprint());
        for (String secret : secretValues()) {
            assertThat(target.fingerprint()).as("fingerprint holds no secret").doesNotContain(secret);
        }
    }

    // ---------------------------------------------------------------- plain uploads

    @Test
    void uploadsSmallFile() throws Exception {
        Path file = sourceFile(1000);
        String key = key("small.bin");
        Upload u = target.start(UploadRequest.builder(file, key).build(), UploadListener.NONE);
        assertThat(u.key()).isEqualTo(key);
        UploadResult r = await(u);
        assertUploaded(r, key, file);
        assertThat(r.bytesSent()).isEqualTo(1000);

        assertThat(u.isDone()).isTrue();
        assertThat(u.pause()).as("pause after completion has no effect").isEmpty();
        assertThat(u.await(1, TimeUnit.SECONDS)).as("await after completion").isEqualTo(r);
    }

    @Test
    void uploadsEmptyFile() throws Exception {
        Path file = sourceFile(0);
        String key = key("empty.bin");
        UploadResult r = await(target.start(UploadRequest.builder(file, key).build(), UploadListener.NONE));
        assertUploaded(r, key, file);
        assertThat(r.checksum()).isEqualTo(Checksums.of(file, r.checksum()));
        assertThat(r.bytesSent()).isZero();
    }

    @Test
    void uploadsMultiPartFile() throws Exception {
        Path file = sourceFile(multiPartSize());
        String key = key("multi.bin");
        UploadResult r = await(target.start(UploadRequest.builder(file, key).build(), UploadListener.NONE));
        assertUploaded(r, key, file);
        assertThat(r.bytesSent()).isEqualTo(multiPartSize());
        if (!lacks(Capability.LIST_INCOMPLETE).isPresent()) {
            assertThat(incompleteKeys(prefix())).as("a completed upload leaves no partial state").isEmpty();
        }
    }

    @Test
    void uploadWithPrecomputedMd5() throws Exception {
        Path file = sourceFile(partSize() + 5);
        String key = key("given-md5.bin");
        String md5 = Checksums.md5Hex(file);
        UploadResult r = await(target.start(UploadRequest.builder(file, key).md5(md5).build(), UploadListener.NONE));
        assertUploaded(r, key, file);
    }

    /**
     * A single-part upload can check a given MD5 for free (S3's Content-MD5, a local compare), so a
     * wrong one must fail it. (Whether a multi-part upload can check it without reading the file
     * once more depends on the provider, so this suite does not require that.)
     */
    @Test
    void wrongPrecomputedMd5FailsASinglePartUpload() throws Exception {
        Path file = sourceFile(1000);
        String wrong = "0123456789abcdef0123456789abcdef";
        UploadException e = failure(() -> target.start(UploadRequest.builder(file, key("wrong-md5.bin")).md5(wrong).build(),
                UploadListener.NONE));
        assertThat(e.kind()).as("a wrong MD5 is the caller's mistake, retrying cannot fix it")
                .isNotEqualTo(UploadException.Kind.RESUME_REJECTED);
        assertThat(e.getMessage()).contains(wrong);
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space/a recording 01.mp4", "unicode/ünïcødé-日本語-😀.mp4",
            "deeply/nested/folders/of/many/levels/file.mp4", "dots.and-dashes_and+plus=equals.mp4"})
    void acceptsAwkwardKeys(String name) throws Exception {
        Path file = sourceFile(333);
        String key = key(name);
        UploadResult r = await(target.start(UploadRequest.builder(file, key).build(), UploadListener.NONE));
        assertUploaded(r, key, file);
    }

    @Test
    void overwritesExistingObject() throws Exception {
        String key = key("overwrite.bin");
        Path first = sourceFile(partSize() + 100);
        Path second = sourceFile(777);
        await(target.start(UploadRequest.builder(first, key).build(), UploadListener.NONE));
        UploadResult r = await(target.start(UploadRequest.builder(second, key).build(), UploadListener.NONE));
        assertUploaded(r, key, second);
    }

    @Test
    void concurrentUploadsToOneKeyLeaveOneWholeObject() throws Exception {
        String key = key("contended.bin");
        Path a = sourceFile(multiPartSize());
        Path b = sourceFile(multiPartSize() - 1000);
        Upload ua = target.start(UploadRequest.builder(a, key).build(), UploadListener.NONE);
        Upload ub = target.start(UploadRequest.builder(b, key).build(), UploadListener.NONE);
        // Which one wins is a race; an upload overtaken before its own verification may fail, but
        // only as RETRYABLE, and the winner must have succeeded.
        List<Path> succeeded = new ArrayList<>();
        if (settledWithoutPermanentFailure(ua)) {
            succeeded.add(a);
        }
        if (settledWithoutPermanentFailure(ub)) {
            succeeded.add(b);
        }
        assertThat(succeeded).as("at least the last upload to complete succeeds").isNotEmpty();
        byte[] stored = readObject(key);
        Path winner = stored.length == Files.size(a) ? a : b;
        assertThat(stored).as("the stored object is one of the two uploads, whole, never a mix")
                .isEqualTo(Files.readAllBytes(winner));
        assertThat(succeeded).as("the upload whose bytes are stored reported success").contains(winner);
        RemoteObject o = target.stat(key).orElseThrow(AssertionError::new);
        assertThat(o.size()).isEqualTo(stored.length);
        o.md5().ifPresent(m -> assertThat(m).as("stat describes the stored object").isEqualTo(md5(stored)));
    }

    /** True if {@code u} succeeded, false if it failed retryably; any other failure fails the test. */
    private boolean settledWithoutPermanentFailure(Upload u) throws Exception {
        try {
            await(u);
            return true;
        } catch (UploadException e) {
            assertThat(e.kind()).as("a contended upload fails only retryably: %s", e.getMessage())
                    .isEqualTo(UploadException.Kind.RETRYABLE);
            return false;
        }
    }

    @Test
    void storesContentType() throws Exception {
        assumeCapable(Capability.CONTENT_TYPE);
        String key = key("typed.mp4");
        await(target.start(UploadRequest.builder(sourceFile(100), key).contentType("video/mp4").build(), UploadListener.NONE));
        assertThat(target.stat(key).flatMap(RemoteObject::contentType)).contains("video/mp4");
    }

    @Test
    void storesMetadata() throws Exception {
        assumeCapable(Capability.METADATA);
        String key = key("meta.bin");
        UploadRequest req = UploadRequest.builder(sourceFile(100), key)
                .metadata("recording-id", "abc 123")
                .metadata("stream", "live/cam1")
                .build();
        await(target.start(req, UploadListener.NONE));
        Map<String, String> meta = target.stat(key).orElseThrow(AssertionError::new).metadata();
        assertThat(meta).containsEntry("recording-id", "abc 123").containsEntry("stream", "live/cam1");
    }

    @Test
    void reportsMonotonicProgressReachingTotal() throws Exception {
        Path file = sourceFile(multiPartSize());
        long total = multiPartSize();
        List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
        UploadListener l = new UploadListener() {
            @Override
            public void onProgress(Progress p) {
                seen.add(p);
            }
        };
        Upload u = target.start(UploadRequest.builder(file, key("progress.bin")).build(), l);
        UploadResult r = await(u);
        assertThat(seen).isNotEmpty();
        Progress prev = new Progress(0, 0, total);
        for (Progress p : seen) {
            assertThat(p.totalBytes()).as("totalBytes").isEqualTo(total);
            assertThat(p.bytesSent()).as("bytesSent never decreases: " + seen).isGreaterThanOrEqualTo(prev.bytesSent());
            assertThat(p.bytesDone()).as("bytesDone never decreases: " + seen).isGreaterThanOrEqualTo(prev.bytesDone());
            assertThat(p.bytesDone()).as("bytesDone at most total").isLessThanOrEqualTo(total);
            prev = p;
        }
        assertThat(seen.get(seen.size() - 1).bytesDone()).as("last reported bytesDone").isEqualTo(total);
        assertThat(u.progress().bytesDone()).isEqualTo(total);
        assertThat(u.progress().bytesSent()).isEqualTo(r.bytesSent());
        assertThat(u.progress().totalBytes()).isEqualTo(total);
    }

    @Test
    void statOfMissingKeyIsEmpty() throws Exception {
        assertThat(target.stat(key("never-written.bin"))).isEmpty();
    }

    @Test
    void missingLocalFileFailsPermanentNamingThePath() throws Exception {
        Path missing = scratch.resolve("no-such-recording.mp4");
        UploadException e = failure(() -> target.start(UploadRequest.builder(missing, key("missing.mp4")).build(), UploadListener.NONE));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains(missing.toString());
        assertThat(target.stat(key("missing.mp4"))).isEmpty();
    }

    @Test
    void manyUploadsInParallelOnOneTarget() throws Exception {
        int n = 16;
        List<Path> files = new ArrayList<>();
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Sizes spread from 1 byte to 1.5 parts, so some uploads are single-part and some are not.
            Path f = sourceFile(1 + i * (partSize() * 3 / 2) / n);
            files.add(f);
            uploads.add(target.start(UploadRequest.builder(f, key("parallel/" + i + ".bin")).build(), UploadListener.NONE));
        }
        for (int i = 0; i < n; i++) {
            assertUploaded(await(uploads.get(i)), key("parallel/" + i + ".bin"), files.get(i));
        }
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void rejectsInvalidConfiguration() {
        for (Map.Entry<String, Map<String, String>> e : invalidConfigs().entrySet()) {
            UploadException ex = assertThrows(UploadException.class, () -> provider().create(e.getValue()).close(),
                    "create() must reject the configuration with a bad '" + e.getKey() + "'");
            assertThat(ex.kind()).as("kind for bad " + e.getKey()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(ex.getMessage()).as("message for bad " + e.getKey()).contains(e.getKey());
            for (String secret : secretValues()) {
                assertThat(ex.getMessage()).as("message holds no secret").doesNotContain(secret);
            }
        }
    }

    @Test
    void emptyConfigurationNamesEveryRequiredKey() {
        List<String> required = provider().configKeys().stream().filter(ConfigKey::required).map(ConfigKey::name)
                .collect(Collectors.toList());
        assumeTrue(!required.isEmpty(), "the provider has no required configuration key");
        UploadException ex = assertThrows(UploadException.class, () -> provider().create(Collections.emptyMap()).close());
        assertThat(ex.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        for (String k : required) {
            assertThat(ex.getMessage()).contains(k);
        }
    }

    // ---------------------------------------------------------------- pause and resume

    @Test
    void pauseMidUploadEndsItWithoutExposingAPartialObject() throws Exception {
        // Every provider: those without PAUSE must still stop, and say so by returning no token.
        Path file = sourceFile(multiPartSize());
        UploadRequest req = UploadRequest.builder(file, key("stopped.bin")).build();
        CountDownLatch release = releaseLatch();
        // Stalled on a stored part where there are parts to store (that holds the upload back, see
        // the class comment); on bytes sent where nothing is stored until the end.
        boolean pausable = !lacks(Capability.PAUSE).isPresent();
        Stall stall = new Stall(partSize(), release, !pausable);
        Upload u = target.start(req, stall);
        if (pausable) {
            awaitStalled(stall);
        } else {
            awaitStalledSending(stall);
        }
        Optional<String> token = pauseWhileStalled(u, release);
        if (pausable) {
            assertThat(token).as("pause() mid-upload returns a resume token").isPresent();
        } else {
            assertThat(token).as("a provider without PAUSE returns no token from pause()").isEmpty();
        }
        assertThat(target.stat(req.key())).as("a stopped upload is not visible at its key").isEmpty();
        assertUploaded(await(target.start(req, UploadListener.NONE)), req.key(), file);
    }

    @Test
    void pauseThenResumeSendsOnlyTheRest() throws Exception {
        assumeCapable(Capability.PAUSE);
        assumeCapable(Capability.RESUME);
        Path file = sourceFile(multiPartSize());
        UploadRequest req = UploadRequest.builder(file, key("paused.bin")).build();
        Paused p = startAndPause(target, req);

        List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
        Upload resumed = target.resume(p.token, req, new UploadListener() {
            @Override
            public void onProgress(Progress pr) {
                seen.add(pr);
            }
        });
        UploadResult r = await(resumed);
        assertUploaded(r, req.key(), file);
        assertResumeSkippedStoredParts(r, p);
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(0).bytesDone()).as("a resumed upload counts the parts stored before it as done")
                .isGreaterThanOrEqualTo(Math.min(p.doneAtPause, multiPartSize()) - RESUME_RESEND_ALLOWANCE_PARTS * partSize());
        assertThat(seen.get(seen.size() - 1).bytesDone()).isEqualTo(multiPartSize());
    }

    @Test
    void resumesOnNewTargetAsAfterACrash() throws Exception {
        assumeCapable(Capability.PAUSE);
        assumeCapable(Capability.RESUME);
        Path file = sourceFile(multiPartSize());
        UploadRequest req = UploadRequest.builder(file, key("crash.bin")).build();
        Paused p = startAndPause(target, req);
        target.close();
        target = provider().create(config());

        UploadResult r = await(target.resume(p.token, req, UploadListener.NONE));
        assertUploaded(r, req.key(), file);
        assertResumeSkippedStoredParts(r, p);
    }

    @Test
    void resumeOfCompletedUploadReportsItCompleteWithoutSending() throws Exception {
        assumeCapable(Capability.RESUME);
        Path file = sourceFile(multiPartSize());
        UploadRequest req = UploadRequest.builder(file, key("completed.bin")).build();
        AtomicReference<String> token = new AtomicReference<>();
        await(target.start(req, new UploadListener() {
            @Override
            public void onResumeToken(String t) {
                token.set(t);
            }
        }));
        assertThat(token.get()).as("a multi-part upload publishes a resume token").isNotNull();
        UploadResult r = await(newTarget().resume(token.get(), req, UploadListener.NONE));
        assertUploaded(r, req.key(), file);
        assertThat(r.bytesSent()).isZero();
    }

    @Test
    void resumeRejectedWhenLocalFileSizeChanged() throws Exception {
        assertResumeRejectedAfterLocalChange("grows.bin", file -> {
            FileTime mtime = Files.getLastModifiedTime(file);
            Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
            Files.setLastModifiedTime(file, mtime); // only the size differs
        });
    }

    @Test
    void resumeRejectedWhenLocalFileModificationTimeChanged() throws Exception {
        assertResumeRejectedAfterLocalChange("touched.bin", file ->
                Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000)));
    }

    /** Pauses an upload of a private copy, applies {@code change} to the copy, and expects the resume refused. */
    private void assertResumeRejectedAfterLocalChange(String name, LocalChange change) throws Exception {
        assumeCapable(Capability.PAUSE);
        assumeCapable(Capability.RESUME);
        Path file = copyToScratch(sourceFile(multiPartSize()), name);
        UploadRequest req = UploadRequest.builder(file, key(name)).build();
        Paused p = startAndPause(target, req);
        change.apply(file);
        UploadException e = failure(() -> newTarget().resume(p.token, req, UploadListener.NONE));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.RESUME_REJECTED);
        target.abort(p.token);
    }

    @FunctionalInterface
    private interface LocalChange {
        void apply(Path file) throws IOException;
    }

    @Test
    void resumeRejectsForeignAndGarbageTokens() throws Exception {
        // Every provider, RESUME or not: a token it cannot use is refused the same way, so the caller
        // starts afresh instead of retrying a resume that can never work.
        UploadRequest req = UploadRequest.builder(sourceFile(100), key("garbage.bin")).build();
        Map<String, Object> foreign = ResumeTokens.envelope(provider().id() + "-other", 1);
        foreign.put("key", req.key());
        Map<String, Object> ownButEmpty = ResumeTokens.envelope(provider().id(), 1);
        Map<String, Object> futureFormat = ResumeTokens.envelope(provider().id(), 999);
        for (String token : new String[] {"", "not json", "{\"provider\":", "[]", "{}", Json.write(foreign),
                Json.write(ownButEmpty), Json.write(futureFormat)}) {
            UploadException e = failure(() -> target.resume(token, req, UploadListener.NONE));
            assertThat(e.kind()).as("kind for token " + token).isEqualTo(UploadException.Kind.RESUME_REJECTED);
        }
        assertThat(target.stat(req.key())).isEmpty();
    }

    // ---------------------------------------------------------------- abort and listing

    @Test
    void abortRemovesPartialStateAndIsIdempotent() throws Exception {
        assumeCapable(Capability.PAUSE);
        UploadRequest req = UploadRequest.builder(sourceFile(multiPartSize()), key("aborted.bin")).build();
        Paused p = startAndPause(target, req);
        if (!lacks(Capability.LIST_INCOMPLETE).isPresent()) {
            assertThat(incompleteKeys(prefix())).containsExactly(req.key());
        }
        target.abort(p.token);
        assertThat(target.stat(req.key())).isEmpty();
        if (!lacks(Capability.LIST_INCOMPLETE).isPresent()) {
            assertThat(incompleteKeys(prefix())).isEmpty();
        }
        target.abort(p.token);
        newTarget().abort(p.token);
        if (!lacks(Capability.RESUME).isPresent()) {
            UploadException e = failure(() -> target.resume(p.token, req, UploadListener.NONE));
            assertThat(e.kind()).as("resume after abort").isEqualTo(UploadException.Kind.RESUME_REJECTED);
        }
    }

    @Test
    void abortLeavesTheCompleteObjectAtTheKey() throws Exception {
        assumeCapable(Capability.PAUSE);
        String key = key("kept.bin");
        Path complete = sourceFile(500);
        await(target.start(UploadRequest.builder(complete, key).build(), UploadListener.NONE));
        Paused p = startAndPause(target, UploadRequest.builder(sourceFile(multiPartSize()), key).build());
        assertThat(readObject(key)).as("a paused upload is not visible").isEqualTo(Files.readAllBytes(complete));
        target.abort(p.token);
        assertThat(target.stat(key)).hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(500));
        assertThat(readObject(key)).isEqualTo(Files.readAllBytes(complete));
    }

    @Test
    void listIncompleteIsScopedToThePrefix() throws Exception {
        assumeCapable(Capability.PAUSE);
        assumeCapable(Capability.LIST_INCOMPLETE);
        Path file = sourceFile(multiPartSize());
        UploadRequest a = UploadRequest.builder(file, key("a/one.bin")).build();
        UploadRequest b = UploadRequest.builder(file, key("b/two.bin")).build();
        startAndPause(target, a);
        Paused pb = startAndPause(target, b);

        List<IncompleteUpload> inA = target.listIncomplete(prefix() + "a/");
        assertThat(inA).extracting(IncompleteUpload::key).containsExactly(a.key());
        assertThat(inA.get(0).uploadId()).isNotEmpty();
        assertThat(incompleteKeys(prefix())).containsExactlyInAnyOrder(a.key(), b.key());
        assertThat(incompleteKeys(prefix() + "a/on")).as("a prefix may end inside a name").containsExactly(a.key());
        assertThat(incompleteKeys(prefix() + "a/x")).isEmpty();
        assertThat(incompleteKeys(prefix() + "c/")).as("a prefix nothing is under").isEmpty();

        newTarget().abort(inA.get(0).abortToken());
        assertThat(target.listIncomplete(prefix() + "a/")).isEmpty();
        assertThat(incompleteKeys(prefix() + "b/")).as("the other prefix is untouched").containsExactly(b.key());
        if (!lacks(Capability.RESUME).isPresent()) {
            UploadResult r = await(target.resume(pb.token, b, UploadListener.NONE));
            assertUploaded(r, b.key(), file);
            assertThat(target.listIncomplete(prefix())).isEmpty();
        }
    }

    // ---------------------------------------------------------------- bandwidth throttle

    /**
     * Every payload byte is drawn from the request's throttle, once, in pieces of at most 1 MiB:
     * so a cap is honoured by whole-file and multi-part uploads alike (no request is retried here,
     * so drawn equals sent).
     */
    @Test
    void drawsEveryByteItSendsFromTheThrottle() throws Exception {
        for (long size : new long[] {1000, multiPartSize()}) {
            Path file = sourceFile(size);
            RecordingThrottle throttle = RecordingThrottle.counting();
            UploadRequest req = UploadRequest.builder(file, key("throttled-" + size + ".bin")).throttle(throttle).build();
            UploadResult r = await(target.start(req, UploadListener.NONE));
            assertUploaded(r, req.key(), file);
            assertThat(throttle.granted()).as("bytes drawn from the throttle for %s bytes sent", r.bytesSent())
                    .isEqualTo(r.bytesSent()).isEqualTo(size);
            assertThat(throttle.largestDraw()).as("largest single draw").isLessThanOrEqualTo(1 << 20);
            assertThat(throttle.nonPositiveDraws()).as("draws of zero or fewer bytes").isZero();
        }
    }

    @Test
    void aResumeDrawsOnlyWhatItSends() throws Exception {
        assumeCapable(Capability.PAUSE);
        assumeCapable(Capability.RESUME);
        Path file = sourceFile(multiPartSize());
        RecordingThrottle before = RecordingThrottle.counting();
        UploadRequest req = UploadRequest.builder(file, key("throttled-resume.bin")).throttle(before).build();
        Paused p = startAndPause(target, req);
        assertThat(before.granted()).as("the parts stored before the pause were drawn").isGreaterThanOrEqualTo(p.doneAtPause);

        RecordingThrottle after = RecordingThrottle.counting();
        UploadResult r = await(target.resume(p.token, req.toBuilder().throttle(after).build(), UploadListener.NONE));
        assertUploaded(r, req.key(), file);
        assertResumeSkippedStoredParts(r, p);
        assertThat(after.granted()).as("the resume draws exactly what it sends").isEqualTo(r.bytesSent());
    }

    /** No byte goes out before the throttle grants it, and nothing completes while it withholds them. */
    @Test
    void aThrottleThatWithholdsBytesHoldsTheUploadBack() throws Exception {
        Path file = sourceFile(multiPartSize());
        RecordingThrottle throttle = RecordingThrottle.shut();
        releaseOnTeardown(throttle);
        UploadRequest req = UploadRequest.builder(file, key("withheld.bin")).throttle(throttle).build();
        Upload u = target.start(req, UploadListener.NONE);
        assertThat(throttle.awaitSomeoneWaiting(AWAIT.toMillis())).as("the upload drew from the throttle").isTrue();

        assertThat(u.isDone()).as("done while the throttle withholds every byte").isFalse();
        assertThat(u.progress().bytesSent()).as("bytes sent before the throttle granted any").isZero();
        assertThat(u.progress().bytesDone()).isZero();
        assertThat(target.stat(req.key())).as("an object while the throttle withholds every byte").isEmpty();

        throttle.open();
        UploadResult r = await(u);
        assertUploaded(r, req.key(), file);
        assertThat(throttle.granted()).isEqualTo(r.bytesSent());
    }

    /**
     * A low cap may keep a draw waiting for minutes; pause() and close() must not wait for it: the
     * upload ends cancelled and its threads leave the throttle.
     */
    @Test
    void pauseAndCloseEndUploadsWaitingForTheirThrottle() throws Exception {
        RecordingThrottle throttle = RecordingThrottle.shut();
        releaseOnTeardown(throttle);
        Upload paused = target.start(UploadRequest.builder(sourceFile(multiPartSize()), key("throttled-paused.bin"))
                .throttle(throttle).build(), UploadListener.NONE);
        assertThat(throttle.awaitSomeoneWaiting(AWAIT.toMillis())).as("the upload drew from the throttle").isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(30), paused::pause, "pause() while the upload waits for its throttle");
        assertThrows(CancellationException.class, () -> paused.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS),
                "await() of an upload paused while it waited for its throttle");
        awaitThrottleLeft(throttle);

        Upload closed = target.start(UploadRequest.builder(sourceFile(multiPartSize()), key("throttled-closed.bin"))
                .throttle(throttle).build(), UploadListener.NONE);
        awaitWaiting(throttle);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> target.close(),
                "close() while an upload waits for its throttle");
        assertThrows(CancellationException.class, () -> closed.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS),
                "await() of an upload whose target was closed while it waited for its throttle");
        awaitThrottleLeft(throttle);
        assertThat(throttle.granted()).as("bytes granted by a throttle that never opened").isZero();
    }

    private void releaseOnTeardown(RecordingThrottle throttle) {
        throttlesToOpen.add(throttle);
    }

    /** Waits (bounded by {@link #AWAIT}) until a thread is blocked in the throttle. */
    private static void awaitWaiting(RecordingThrottle throttle) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (throttle.waitingNow() == 0) {
            if (System.nanoTime() > deadline) {
                fail("no upload thread drew from the throttle within " + AWAIT);
            }
            Thread.sleep(5);
        }
    }

    /** Waits (bounded by {@link #AWAIT}) until no thread is blocked in the throttle any more. */
    private static void awaitThrottleLeft(RecordingThrottle throttle) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (throttle.waitingNow() > 0) {
            if (System.nanoTime() > deadline) {
                fail(throttle.waitingNow() + " thread(s) of a stopped upload still wait in its throttle after " + AWAIT);
            }
            Thread.sleep(5);
        }
    }

    // ---------------------------------------------------------------- close

    @Test
    void closeDuringUploadsCancelsThemAndTheirTokensResume() throws Exception {
        // Every provider: close() ends running uploads; with RESUME their tokens continue them,
        // without it they upload again from the start.
        boolean resumable = !lacks(Capability.RESUME).isPresent();
        int n = 2;
        List<UploadRequest> reqs = new ArrayList<>();
        List<Stall> stalls = new ArrayList<>();
        List<Upload> uploads = new ArrayList<>();
        CountDownLatch release = releaseLatch();
        for (int i = 0; i < n; i++) {
            UploadRequest req = UploadRequest.builder(sourceFile(multiPartSize()), key("closed-" + i + ".bin")).build();
            Stall s = new Stall(partSize(), release, !resumable);
            reqs.add(req);
            stalls.add(s);
            uploads.add(target.start(req, s));
        }
        awaitStalled(stalls.get(0));
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> target.close(),
                    "close() must return while a listener callback blocks (callbacks run without locks close needs)");
        } finally {
            release.countDown();
        }
        for (int i = 0; i < n; i++) {
            Upload u = uploads.get(i);
            assertThrows(CancellationException.class, () -> u.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "await() of an upload whose target was closed");
            assertThat(u.isDone()).isTrue();
        }
        if (resumable) {
            assertThat(stalls.get(0).lastToken.get()).as("the stalled upload had published a token").isNotNull();
        }
        awaitStoreQuiet();

        target = provider().create(config());
        for (int i = 0; i < n; i++) {
            String token = resumable ? stalls.get(i).lastToken.get() : null;
            UploadRequest req = reqs.get(i);
            Upload u = token != null ? target.resume(token, req, UploadListener.NONE) : target.start(req, UploadListener.NONE);
            UploadResult r = await(u);
            assertUploaded(r, req.key(), req.file());
            if (i == 0 && resumable) {
                assertThat(r.bytesSent()).as("resume after close re-sends only what was not stored").isLessThan(multiPartSize());
            }
        }
    }

    @Test
    void startAfterCloseFails() throws Exception {
        target.close();
        UploadException e = failure(() -> target.start(UploadRequest.builder(sourceFile(10), key("late.bin")).build(), UploadListener.NONE));
        assertThat(e.kind()).isIn(UploadException.Kind.PERMANENT, UploadException.Kind.RETRYABLE);
        target.close(); // idempotent
    }

    // ---------------------------------------------------------------- helpers

    /** Skips the calling test, with the fixture's reason, unless the provider has {@code c}. */
    protected void assumeCapable(Capability c) {
        Optional<String> reason = lacks(c);
        assumeTrue(!reason.isPresent(), () -> "provider lacks " + c + ": " + reason.orElse(""));
    }

    /** Waits for the upload, failing rather than hanging after {@link #AWAIT}. */
    protected UploadResult await(Upload u) throws Exception {
        return u.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Proves the upload complete: result, stat and stored bytes all match {@code file}. */
    protected void assertUploaded(UploadResult r, String key, Path file) throws Exception {
        byte[] expected = Files.readAllBytes(file);
        String md5 = Checksums.md5Hex(file);
        assertThat(r.key()).isEqualTo(key);
        assertThat(r.size()).as("result size").isEqualTo(expected.length);
        // The result's checksum is the file's, computed the same way (whole MD5 or part MD5s).
        assertThat(r.checksum()).as("result checksum").isEqualTo(Checksums.of(file, r.checksum()));
        r.md5().ifPresent(m -> assertThat(m).as("result md5").isEqualTo(md5));
        RemoteObject o = target.stat(key).orElseThrow(() -> new AssertionError("stat(" + key + ") is empty after upload"));
        assertThat(o.key()).isEqualTo(key);
        assertThat(o.size()).as("stat size").isEqualTo(expected.length);
        assertThat(r.confirmedBy(o)).as("stat confirms the result " + r + ": " + o).isTrue();
        o.md5().ifPresent(m -> assertThat(m).as("stat md5").isEqualTo(md5));
        if (r.proof() == UploadResult.Proof.STORED_CHECKSUM) {
            assertThat(o.checksum()).as("stat shows the checksum the upload was proven by").contains(r.checksum());
            assertThat(Checksums.holdsFile(o, file)).as("the stored checksum is recomputed from the local file").isTrue();
            assertThat(o.matches(expected.length, r.checksum().toString())).isTrue();
        }
        byte[] stored = readObject(key);
        assertThat(stored.length).as("stored size").isEqualTo(expected.length);
        assertThat(md5(stored)).as("stored bytes' md5").isEqualTo(md5);
    }

    private static String md5(byte[] bytes) {
        return Checksums.hex(Checksums.newMd5().digest(bytes));
    }

    /** The outcome of {@link #startAndPause}. */
    protected static final class Paused {
        public final String token;
        public final long doneAtPause;

        Paused(String token, long doneAtPause) {
            this.token = token;
            this.doneAtPause = doneAtPause;
        }
    }

    /**
     * Starts {@code req} and pauses it once at least one part is done, deterministically (see the
     * class comment). Returns the token pause() gave and the bytesDone the stalled listener saw.
     */
    protected Paused startAndPause(UploadTarget t, UploadRequest req) throws Exception {
        CountDownLatch release = releaseLatch();
        Stall stall = new Stall(partSize(), release);
        Upload u = t.start(req, stall);
        awaitStalled(stall);
        assertThat(stall.lastToken.get()).as("onResumeToken is called before data a resume would skip is sent").isNotNull();
        assertThat(u.resumeToken()).as("resumeToken() once a part is stored").isPresent();
        assertThat(u.isDone()).isFalse();
        Optional<String> token = pauseWhileStalled(u, release);
        assertThat(token).as("pause() mid-upload returns a resume token").isPresent();
        awaitStoreQuiet();
        assertThat(ResumeTokens.providerOf(token.get())).isEqualTo(provider().id());
        assertThat(u.resumeToken()).as("resumeToken() after pause").isPresent();
        for (String secret : secretValues()) {
            assertThat(token.get()).as("token holds no secret").doesNotContain(secret);
        }
        return new Paused(token.get(), stall.atStall.get().bytesDone());
    }

    /**
     * Pauses {@code u} while its listener is blocked, then releases the listener; the upload must
     * end cancelled. Returns what pause() returned.
     */
    private Optional<String> pauseWhileStalled(Upload u, CountDownLatch release) {
        Optional<String> token;
        try {
            token = assertTimeoutPreemptively(Duration.ofSeconds(30), u::pause,
                    "pause() must return while a listener callback blocks (callbacks run without locks pause needs)");
        } finally {
            release.countDown();
        }
        assertThrows(CancellationException.class, () -> u.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS),
                "await() of a paused upload");
        assertThat(u.isDone()).isTrue();
        return token;
    }

    private void assertResumeSkippedStoredParts(UploadResult r, Paused p) {
        long total = r.size();
        assertThat(r.bytesSent()).as("resumed upload sends less than the whole file").isLessThan(total);
        assertThat(r.bytesSent()).as("resumed upload sends at most what was not done at pause (+"
                + RESUME_RESEND_ALLOWANCE_PARTS + " part)")
                .isLessThanOrEqualTo(total - p.doneAtPause + RESUME_RESEND_ALLOWANCE_PARTS * partSize());
    }

    private void awaitStalled(Stall s) throws InterruptedException {
        if (!s.stalled.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("no progress with bytesDone >= one part (" + partSize() + ") within " + AWAIT);
        }
        Progress at = s.atStall.get();
        assertThat(at.bytesDone()).as("the provider reports progress per part, before the upload is complete")
                .isLessThan(at.totalBytes());
    }

    private void awaitStalledSending(Stall s) throws InterruptedException {
        if (!s.stalled.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("no progress with bytesSent >= " + partSize() + " within " + AWAIT);
        }
        assertThat(s.atStall.get().bytesSent()).as("the upload is under way, not finished")
                .isLessThan(s.atStall.get().totalBytes());
    }

    private CountDownLatch releaseLatch() {
        CountDownLatch l = new CountDownLatch(1);
        latchesToRelease.add(l);
        return l;
    }

    private List<String> incompleteKeys(String keyPrefix) throws UploadException {
        return target.listIncomplete(keyPrefix).stream().map(IncompleteUpload::key).collect(Collectors.toList());
    }

    private Path copyToScratch(Path source, String name) throws IOException {
        Path copy = scratch.resolve(name);
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().setWritable(true);
        return copy;
    }

    private Set<String> secretValues() {
        Set<String> s = new HashSet<>();
        Map<String, String> cfg = config();
        for (ConfigKey k : provider().configKeys()) {
            String v = cfg.get(k.name());
            if (k.secret() && v != null && v.length() >= 4) {
                s.add(v);
            }
        }
        return s;
    }

    /** The failure of an operation that may fail at once or from {@code await()}. */
    protected UploadException failure(UploadCall call) throws Exception {
        Upload u;
        try {
            u = call.run();
        } catch (UploadException e) {
            return e;
        }
        try {
            UploadResult r = await(u);
            throw new AssertionError("expected an UploadException, but the upload completed: " + r);
        } catch (UploadException e) {
            return e;
        }
    }

    /** An operation that yields an {@link Upload}. */
    @FunctionalInterface
    protected interface UploadCall {
        Upload run() throws Exception;
    }

    /**
     * A listener that blocks every progress callback once bytesDone reaches {@code threshold},
     * until {@code release} opens, and remembers the latest token.
     */
    private static final class Stall implements UploadListener {
        final long threshold;
        final CountDownLatch release;
        final CountDownLatch stalled = new CountDownLatch(1);
        final AtomicReference<Progress> atStall = new AtomicReference<>();
        final AtomicReference<String> lastToken = new AtomicReference<>();

        /** Stalls on bytesSent instead of bytesDone: for uploads that store nothing until they end. */
        final boolean onSent;

        Stall(long threshold, CountDownLatch release) {
            this(threshold, release, false);
        }

        Stall(long threshold, CountDownLatch release, boolean onSent) {
            this.threshold = threshold;
            this.release = release;
            this.onSent = onSent;
        }

        @Override
        public void onResumeToken(String token) {
            lastToken.set(token);
        }

        @Override
        public void onProgress(Progress p) {
            if ((onSent ? p.bytesSent() : p.bytesDone()) < threshold || release.getCount() == 0) {
                return;
            }
            atStall.compareAndSet(null, p);
            stalled.countDown();
            try {
                release.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A copy of {@code base} with {@code key} set to {@code value}, or removed when value is null. */
    protected static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }
}
