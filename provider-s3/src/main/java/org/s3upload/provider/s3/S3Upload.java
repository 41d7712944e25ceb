package org.s3upload.provider.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.s3upload.api.Progress;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadResult;
import org.s3upload.spi.support.AbstractUpload;
import org.s3upload.spi.support.ThrottleGate;

import com.amazonaws.services.s3.transfer.PauseResult;
import com.amazonaws.services.s3.transfer.PersistableUpload;

/**
 * One running upload: its progress, latest resume token, outcome, and how to stop it. The work
 * itself is done by {@link FreshUpload} or {@link MissingPartsUpload} on a thread of
 * {@link UploadRuns}, which report here.
 */
final class S3Upload extends AbstractUpload {
    /** Progress callbacks at most once per this many bytes sent (plus every stored part). */
    private static final long REPORT_STEP = 256 * 1024;
    /** How often the upload's own thread looks for progress to deliver. */
    static final long DELIVERY_INTERVAL_MILLIS = 20;
    /** How long pause() waits for cancelled part requests to end (an interrupted request ends within a read). */
    static final long PAUSE_WAIT_MILLIS = 5_000;

    private final long totalBytes;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final PartDigests parts = new PartDigests();
    private volatile String token;
    /** The request's throttle, which the bodies of this upload draw from; stopped by a pause. */
    private final ThrottleGate throttle;

    private final Object control = new Object();
    private com.amazonaws.services.s3.transfer.Upload sdkUpload;
    /** Makes a token from the SDK's PersistableUpload, for a pause that races its publication. */
    private Function<PersistableUpload, String> tokenMaker;
    private final List<Future<?>> partTasks = new ArrayList<>();
    private boolean pauseRequested;

    /** Threads inside a part request of this upload. */
    private final List<Thread> inRequest = new ArrayList<>();

    private final ReentrantLock reporting = new ReentrantLock();
    /** Last values given to onProgress; written under {@link #reporting}. */
    private volatile long reportedSent;
    private volatile long reportedStored = -1;

    S3Upload(String key, long totalBytes, UploadListener listener, String initialToken, ThrottleGate throttle) {
        super(key, listener);
        this.throttle = throttle;
        this.totalBytes = totalBytes;
        this.token = initialToken;
    }

    @Override
    public Progress progress() {
        return new Progress(sent.get(), Math.min(stored.get(), totalBytes), totalBytes);
    }

    @Override
    public Optional<String> resumeToken() {
        return Optional.ofNullable(token);
    }

    @Override
    public Optional<String> pause() {
        Optional<String> token = pauseWithoutWaiting();
        awaitRequestsEnded(System.currentTimeMillis() + PAUSE_WAIT_MILLIS);
        return token;
    }

    /**
     * Stops the upload as {@link #pause()} does but returns without waiting for its cancelled part
     * requests to end (close() pauses every upload first, then waits once for all).
     */
    Optional<String> pauseWithoutWaiting() {
        com.amazonaws.services.s3.transfer.Upload sdk;
        List<Future<?>> tasks;
        synchronized (control) {
            if (outcome().isDone()) {
                return Optional.empty();
            }
            pauseRequested = true;
            // Draws waiting for a low cap end now, not when the cap allows their bytes.
            throttle.stop();
            sdk = sdkUpload;
            tasks = new ArrayList<>(partTasks);
        }
        String resumeWith = token;
        if (sdk != null) {
            // tryPause(false), not pause(): on a single-part upload pause() cancels and throws.
            PauseResult<PersistableUpload> r = sdk.tryPause(false);
            PersistableUpload info = r.getInfoToResume();
            if (info == null) {
                // Single PUT, or multipart before its state was captured: nothing to resume from, so stop
                // it and remove the partial upload, if any, rather than leave an orphan.
                sdk.abort();
                resumeWith = null;
            } else if (resumeWith == null && tokenMaker != null) {
                resumeWith = tokenMaker.apply(info);
            }
        }
        for (Future<?> f : tasks) {
            f.cancel(true);
        }
        outcome().cancel("upload of " + key() + " was paused");
        if (!outcome().isCompletedExceptionally()) {
            // It completed first; a completed upload has nothing to resume.
            return Optional.empty();
        }
        return Optional.ofNullable(resumeWith);
    }

    // ---- called by the runs ----

    /** What this upload's bodies draw from before they are sent. */
    ThrottleGate throttle() {
        return throttle;
    }

    /** The MD5s of this upload's parts, read from the local file. */
    PartDigests parts() {
        return parts;
    }

    void requestStarted() {
        synchronized (inRequest) {
            inRequest.add(Thread.currentThread());
        }
    }

    void requestEnded() {
        synchronized (inRequest) {
            inRequest.remove(Thread.currentThread());
            inRequest.notifyAll();
        }
    }

    /**
     * Waits until no part request of this upload is running, so that once pause() returns nothing
     * of it is still being sent (a resume elsewhere cannot race a stale part). Not for a request's
     * own thread (a listener may call pause from a callback), and not beyond {@code deadline}.
     */
    void awaitRequestsEnded(long deadline) {
        Thread self = Thread.currentThread();
        synchronized (inRequest) {
            while (!inRequest.isEmpty() && !(inRequest.size() == 1 && inRequest.get(0) == self)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                try {
                    inRequest.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    boolean pauseRequested() {
        synchronized (control) {
            return pauseRequested;
        }
    }

    /** Registers the SDK transfer; false (and nothing registered) when a pause came first. */
    boolean attach(com.amazonaws.services.s3.transfer.Upload sdk, Function<PersistableUpload, String> maker) {
        synchronized (control) {
            if (pauseRequested) {
                return false;
            }
            sdkUpload = sdk;
            tokenMaker = maker;
            return true;
        }
    }

    /** Registers a part task of a resumed upload; false when a pause came first (the task is cancelled). */
    boolean attach(Future<?> partTask) {
        synchronized (control) {
            if (pauseRequested) {
                partTask.cancel(true);
                return false;
            }
            partTasks.add(partTask);
            return true;
        }
    }

    com.amazonaws.services.s3.transfer.Upload sdkUpload() {
        synchronized (control) {
            return sdkUpload;
        }
    }

    void publishToken(String newToken) {
        token = newToken;
        notifyResumeToken(newToken);
    }

    // Callbacks run on the thread that moved progress, but only on one thread per upload at a time:
    // the others skip (tryLock), so a listener that blocks holds at most one thread of the pool that
    // all uploads of the target share. A new bytesDone is reported only by the part thread whose
    // part was stored, before that part counts as done to the SDK, so a listener that blocks on it
    // (to pause there) really holds the upload back.

    void bytesSent(long n) {
        if (n > 0 && sent.addAndGet(n) - reportedSent >= REPORT_STEP) {
            tryReport(stored.get());
        }
    }

    /** A part is stored: report exactly this thread's view, so a listener sees each part land. */
    void partStored(long n) {
        tryReport(stored.addAndGet(n));
    }

    /**
     * From the upload's own thread while it waits: reports bytes sent (a single PUT's progress
     * when no event thread got to it), never a new bytesDone.
     */
    void deliverProgress() {
        tryReport(-1);
    }

    /** Reports the bytes already stored when a resume begins. */
    void reportStored() {
        tryReport(stored.get());
    }

    void storedAlready(long n) {
        stored.set(n);
    }

    long sentBytes() {
        return sent.get();
    }

    void succeed(UploadResult result) {
        stored.set(totalBytes);
        reporting.lock();
        try {
            deliver(totalBytes);
        } finally {
            reporting.unlock();
        }
        outcome().complete(result);
    }

    void fail(UploadException e) {
        outcome().fail(e);
    }

    void cancelled() {
        outcome().cancel("upload of " + key() + " was paused");
    }

    private void tryReport(long done) {
        if (reporting.tryLock()) {
            try {
                deliver(done);
            } finally {
                reporting.unlock();
            }
        }
    }

    private void deliver(long done) {
        long d = Math.min(totalBytes, Math.max(0, Math.max(done, reportedStored)));
        long s = Math.max(sent.get(), reportedSent);
        if (d == reportedStored && s - reportedSent < REPORT_STEP && !(d == totalBytes && s != reportedSent)) {
            return;
        }
        reportedSent = s;
        reportedStored = d;
        notifyProgress(new Progress(s, d, totalBytes));
    }

    @Override
    public String toString() {
        return "S3Upload{key=" + key() + ", " + progress() + "}";
    }
}
