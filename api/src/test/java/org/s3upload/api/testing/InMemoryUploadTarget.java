package org.s3upload.api.testing;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.FileFingerprint;

/**
 * An {@link UploadTarget} over an {@link InMemoryStore}, for tests of code that uses targets. It
 * keeps the whole contract (its own test runs {@code UploadTargetContractTest} against it): files
 * larger than the part size go up part by part with a resume token published before the first
 * part, pause and close leave the partial upload resumable by another target on the same store,
 * an object becomes visible only when complete. A file of at most one part is sent in one piece
 * and has no token.
 *
 * <p>It also records what it was asked ({@link #started()}, {@link #resumed()}, {@link #aborted()},
 * {@link #statCalls()}, {@link #active()}, {@link #maxActive()}). Faults are the business of
 * {@link FaultyInMemoryUploadTarget}, through the protected hooks here.
 */
public class InMemoryUploadTarget implements UploadTarget {
    private final InMemoryStore store;
    private final String providerId;
    private final long partSize;
    private final List<String> started = Collections.synchronizedList(new ArrayList<>());
    private final List<String> resumed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> aborted = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger statCalls = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final List<InMemoryUpload> running = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "in-memory-upload");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /** A target on {@code store}; files larger than {@code partSize} bytes go up in parts. */
    public InMemoryUploadTarget(InMemoryStore store, long partSize) {
        this(store, InMemoryTokens.PROVIDER_ID, partSize);
    }

    InMemoryUploadTarget(InMemoryStore store, String providerId, long partSize) {
        if (partSize < 1) {
            throw new IllegalArgumentException("partSize must be at least 1 byte, not " + partSize);
        }
        this.store = store;
        this.providerId = providerId;
        this.partSize = partSize;
    }

    public InMemoryStore store() {
        return store;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public String fingerprint() {
        return "memory://store-" + Integer.toHexString(System.identityHashCode(store));
    }

    @Override
    public Upload start(UploadRequest request, UploadListener listener) throws UploadException {
        ensureOpen();
        beforeRemoteCall("start " + request.key());
        started.add(request.key());
        FileFingerprint file = fingerprintOf(request);
        InMemoryStore.Partial partial = file.size() > partSize ? store.createPartial(request.key(), file) : null;
        return launch(request, listener, partial, publishesTokenOnStart());
    }

    @Override
    public Upload resume(String resumeToken, UploadRequest request, UploadListener listener) throws UploadException {
        ensureOpen();
        beforeRemoteCall("resume " + request.key());
        resumed.add(resumeToken);
        String uploadId = InMemoryTokens.uploadId(resumeToken);
        if (!request.key().equals(InMemoryTokens.key(resumeToken))) {
            throw UploadException.resumeRejected("resume token of upload " + uploadId + " is for key '"
                    + InMemoryTokens.key(resumeToken) + "', not '" + request.key() + "'; start the upload afresh");
        }
        FileFingerprint file = fingerprintOf(request);
        if (!file.equals(InMemoryTokens.file(resumeToken))) {
            throw UploadException.resumeRejected(request.file() + " changed since upload " + uploadId + " began ("
                    + InMemoryTokens.file(resumeToken) + ", now " + file + "); start the upload afresh");
        }
        Optional<InMemoryStore.Partial> partial = store.partial(uploadId);
        if (partial.isPresent()) {
            return launch(request, listener, partial.get(), true);
        }
        Optional<RemoteObject> there = statUncounted(request.key());
        String md5 = md5Of(request);
        if (there.isPresent() && there.get().matches(file.size(), md5)) {
            InMemoryUpload done = new InMemoryUpload(this, request, listener, null, partSize);
            done.settleAsAlreadyComplete(file.size(), md5);
            return done;
        }
        throw UploadException.resumeRejected("partial upload " + uploadId + " of '" + request.key()
                + "' is gone (aborted, or never made here); start the upload afresh");
    }

    private Upload launch(UploadRequest request, UploadListener listener, InMemoryStore.Partial partial,
            boolean publishToken) {
        InMemoryUpload u = new InMemoryUpload(this, request, listener, partial, partSize);
        running.add(u);
        if (partial != null && publishToken) {
            u.publishToken();
        }
        threads.execute(() -> {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            try {
                u.run();
            } finally {
                active.decrementAndGet();
                running.remove(u);
            }
        });
        return u;
    }

    @Override
    public void abort(String resumeToken) throws UploadException {
        ensureOpen();
        beforeRemoteCall("abort");
        aborted.add(resumeToken);
        String uploadId;
        try {
            uploadId = InMemoryTokens.uploadId(resumeToken);
        } catch (UploadException e) {
            throw UploadException.permanent("cannot abort: " + e.getMessage(), e);
        }
        store.removePartial(uploadId);
    }

    @Override
    public List<IncompleteUpload> listIncomplete(String keyPrefix) throws UploadException {
        ensureOpen();
        beforeRemoteCall("listIncomplete " + keyPrefix);
        List<IncompleteUpload> out = new ArrayList<>();
        for (InMemoryStore.Partial p : store.partialsUnder(keyPrefix)) {
            out.add(new IncompleteUpload(p.key, p.uploadId, p.initiatedEpochMillis,
                    InMemoryTokens.write(p.uploadId, p.key, p.file)));
        }
        return out;
    }

    @Override
    public Optional<RemoteObject> stat(String key) throws UploadException {
        ensureOpen();
        beforeRemoteCall("stat " + key);
        statCalls.incrementAndGet();
        return statUncounted(key);
    }

    private Optional<RemoteObject> statUncounted(String key) {
        byte[] data = store.objects().get(key);
        if (data == null) {
            return Optional.empty();
        }
        InMemoryStore.StoredAttributes a = store.attributes(key);
        return Optional.of(new RemoteObject(key, data.length, Checksums.hex(Checksums.newMd5().digest(data)),
                a.contentType, a.metadata));
    }

    /** Pauses every running upload (their tokens stay valid on the store) and stops taking work. */
    @Override
    public void close() {
        closed = true;
        List<InMemoryUpload> now;
        synchronized (running) {
            now = new ArrayList<>(running);
        }
        for (InMemoryUpload u : now) {
            u.stop("target closed");
        }
        threads.shutdown();
    }

    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- what the target was asked

    /** Keys of every start(), in call order. */
    public List<String> started() {
        return snapshot(started);
    }

    /** Tokens of every resume(), in call order. */
    public List<String> resumed() {
        return snapshot(resumed);
    }

    /** Tokens of every abort(), in call order (also those refused). */
    public List<String> aborted() {
        return snapshot(aborted);
    }

    public int statCalls() {
        return statCalls.get();
    }

    /** Uploads transferring now. */
    public int active() {
        return active.get();
    }

    /** The most uploads that were ever transferring at once. */
    public int maxActive() {
        return maxActive.get();
    }

    private static List<String> snapshot(List<String> l) {
        synchronized (l) {
            return Collections.unmodifiableList(new ArrayList<>(l));
        }
    }

    // ---------------------------------------------------------------- hooks for fault injection

    /** Called on the caller's thread before every call that would be remote I/O (start, resume, abort, list, stat). */
    protected void beforeRemoteCall(String operation) throws UploadException {
    }

    /** Called on the upload's own thread before it sends its first byte. */
    protected void beforeSending(UploadRequest request) throws UploadException {
    }

    /** Called by {@link Upload#pause()} before it acts. */
    protected void beforePause(String key) {
    }

    /** Whether start() publishes the resume token of a multi-part upload before its first part. */
    protected boolean publishesTokenOnStart() {
        return true;
    }

    // ---------------------------------------------------------------- used by uploads

    InMemoryStore storeForUploads() {
        return store;
    }

    private void ensureOpen() throws UploadException {
        if (closed) {
            throw UploadException.permanent("in-memory target is closed; create a new one");
        }
    }

    private static FileFingerprint fingerprintOf(UploadRequest request) throws UploadException {
        try {
            return FileFingerprint.of(request.file());
        } catch (NoSuchFileException e) {
            throw UploadException.permanent("local file " + request.file() + " does not exist (key '" + request.key() + "')");
        } catch (IOException e) {
            throw UploadException.permanent("cannot read local file " + request.file() + ": " + e.getMessage(), e);
        }
    }

    private static String md5Of(UploadRequest request) throws UploadException {
        try {
            return Checksums.md5Hex(request.file());
        } catch (IOException e) {
            throw UploadException.permanent("cannot read local file " + request.file() + ": " + e.getMessage(), e);
        }
    }
}
