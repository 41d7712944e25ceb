package org.s3upload.api.testing;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadRequest;

/**
 * An {@link InMemoryUploadTarget} that misbehaves on request, for tests of how callers cope:
 * failed uploads of a chosen {@link UploadException.Kind}, uploads, remote calls or pauses held
 * until released, a stat that reports a wrong MD5, a start that publishes no token. With no fault
 * set it behaves exactly as its superclass. Thread-safe: a test may change faults while uploads run.
 */
public final class FaultyInMemoryUploadTarget extends InMemoryUploadTarget {
    private static final Function<UploadRequest, UploadException> NO_FAILURE = r -> null;
    private static final String WRONG_MD5 = "00000000000000000000000000000000";

    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile UploadException.Kind failureKind = UploadException.Kind.RETRYABLE;
    private volatile Function<UploadRequest, UploadException> failure = NO_FAILURE;
    private final Gate uploadGate = new Gate();
    private final Gate remoteCallGate = new Gate();
    private final Gate pauseGate = new Gate();
    private volatile boolean lyingStat;
    private volatile boolean withholdTokenOnStart;

    public FaultyInMemoryUploadTarget(InMemoryStore store, long partSize) {
        super(store, partSize);
    }

    /** The next {@code uploads} uploads fail, before sending, with {@code kind}. */
    public FaultyInMemoryUploadTarget failNext(int uploads, UploadException.Kind kind) {
        failureKind = kind;
        failuresLeft.set(uploads);
        return this;
    }

    /** Every upload for which {@code rule} gives an exception fails with it, before sending; null clears. */
    public FaultyInMemoryUploadTarget failWhen(Function<UploadRequest, UploadException> rule) {
        failure = rule == null ? NO_FAILURE : rule;
        return this;
    }

    /** Uploads started from now on wait, before sending, until the returned latch is counted down. */
    public CountDownLatch holdUploads() {
        return uploadGate.close();
    }

    public void releaseUploads() {
        uploadGate.open();
    }

    /** Every call that would be remote I/O (start, resume, abort, list, stat) waits until released. */
    public CountDownLatch holdRemoteCalls() {
        return remoteCallGate.close();
    }

    public void releaseRemoteCalls() {
        remoteCallGate.open();
    }

    /** {@code pause()} waits until released: a provider slow to stop. */
    public CountDownLatch holdPauses() {
        return pauseGate.close();
    }

    public void releasePauses() {
        pauseGate.open();
    }

    /** While on, stat() reports every object with a wrong MD5 (a store that answers falsely). */
    public FaultyInMemoryUploadTarget lieInStat(boolean lie) {
        lyingStat = lie;
        return this;
    }

    /** While on, start() publishes no resume token (a provider that failed before it had one). */
    public FaultyInMemoryUploadTarget withholdTokenOnStart(boolean withhold) {
        withholdTokenOnStart = withhold;
        return this;
    }

    @Override
    public Optional<RemoteObject> stat(String key) throws UploadException {
        Optional<RemoteObject> o = super.stat(key);
        if (!lyingStat || !o.isPresent()) {
            return o;
        }
        RemoteObject r = o.get();
        return Optional.of(new RemoteObject(r.key(), r.size(), WRONG_MD5, r.contentType().orElse(null), r.metadata()));
    }

    @Override
    protected void beforeRemoteCall(String operation) {
        remoteCallGate.pass();
    }

    @Override
    protected void beforeSending(UploadRequest request) throws UploadException {
        uploadGate.pass();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new UploadException(failureKind, "injected " + failureKind + " failure of '" + request.key() + "'");
        }
        UploadException e = failure.apply(request);
        if (e != null) {
            throw e;
        }
    }

    @Override
    protected void beforePause(String key) {
        pauseGate.pass();
    }

    @Override
    protected boolean publishesTokenOnStart() {
        return !withholdTokenOnStart;
    }

    /** Where a thread waits while a test holds it; open until {@link #close()}. */
    private static final class Gate {
        private volatile CountDownLatch latch;

        CountDownLatch close() {
            CountDownLatch l = new CountDownLatch(1);
            latch = l;
            return l;
        }

        void open() {
            CountDownLatch l = latch;
            if (l != null) {
                l.countDown();
            }
        }

        /** Returns at once while open; otherwise waits until opened (or interrupted). */
        void pass() {
            CountDownLatch l = latch;
            if (l == null) {
                return;
            }
            try {
                l.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
