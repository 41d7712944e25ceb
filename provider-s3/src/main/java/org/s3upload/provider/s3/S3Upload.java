package org.s3upload.provider.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.s3upload.api.Progress;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadResult;

import com.amazonaws.services.s3.transfer.PauseResult;
import com.amazonaws.services.s3.transfer.PersistableUpload;

/**
 * One running upload: its progress, latest resume token, outcome, and how to stop it. The work
 * itself is done by {@link S3UploadTarget}'s runs, which report here.
 */
final class S3Upload implements Upload {
    /** Progress callbacks at most once per this many bytes sent (plus every stored part). */
    private static final long REPORT_STEP = 256 * 1024;

    private final String key;
    private final long totalBytes;
    private final UploadListener listener;
    private final CompletableFuture<UploadResult> outcome = new CompletableFuture<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private volatile String token;

    private final Object control = new Object();
    private com.amazonaws.services.s3.transfer.Upload sdkUpload;
    /** Makes a token from the SDK's PersistableUpload, for a pause that races its publication. */
    private Function<PersistableUpload, String> tokenMaker;
    private final List<Future<?>> partTasks = new ArrayList<>();
    private boolean pauseRequested;

    private final Object reporting = new Object();
    private long reportedSent = -1;
    private long reportedStored = -1;

    S3Upload(String key, long totalBytes, UploadListener listener, String initialToken) {
        this.key = key;
        this.totalBytes = totalBytes;
        this.listener = listener == null ? UploadListener.NONE : listener;
        this.token = initialToken;
    }

    @Override
    public String key() {
        return key;
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
    public boolean isDone() {
        return outcome.isDone();
    }

    @Override
    public UploadResult await() throws UploadException, InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    @Override
    public UploadResult await(long timeout, TimeUnit unit) throws UploadException, InterruptedException, TimeoutException {
        try {
            return outcome.get(timeout, unit);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private UploadException unwrap(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof UploadException) {
            UploadException u = (UploadException) c;
            // A fresh exception, so the caller's stack shows where it waited; the original is the cause.
            return new UploadException(u.kind(), u.getMessage(), u);
        }
        return UploadException.retryable("upload of " + key + " failed unexpectedly: " + c, c);
    }

    @Override
    public Optional<String> pause() {
        com.amazonaws.services.s3.transfer.Upload sdk;
        List<Future<?>> tasks;
        synchronized (control) {
            if (outcome.isDone()) {
                return Optional.empty();
            }
            pauseRequested = true;
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
        if (!outcome.completeExceptionally(new CancellationException("upload of " + key + " was paused"))) {
            // It finished first; a finished upload has nothing to resume.
            return Optional.empty();
        }
        return Optional.ofNullable(resumeWith);
    }

    // ---- called by the runs ----

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
        try {
            listener.onResumeToken(newToken);
        } catch (RuntimeException e) {
            // The SPI says listener failures are ignored; the token stays available from resumeToken().
        }
    }

    void bytesSent(long n) {
        if (n > 0) {
            sent.addAndGet(n);
            report(false);
        }
    }

    void partStored(long n) {
        stored.addAndGet(n);
        report(true);
    }

    void storedAlready(long n) {
        stored.set(n);
    }

    long sentBytes() {
        return sent.get();
    }

    void succeed(UploadResult result) {
        stored.set(totalBytes);
        report(true);
        outcome.complete(result);
    }

    void fail(UploadException e) {
        outcome.completeExceptionally(e);
    }

    void cancelled() {
        outcome.completeExceptionally(new CancellationException("upload of " + key + " was paused"));
    }

    private void report(boolean force) {
        synchronized (reporting) {
            Progress p = progress();
            if (p.bytesSent() == reportedSent && p.bytesDone() == reportedStored) {
                return;
            }
            if (!force && p.bytesSent() - reportedSent < REPORT_STEP && p.bytesDone() == reportedStored) {
                return;
            }
            reportedSent = p.bytesSent();
            reportedStored = p.bytesDone();
            try {
                listener.onProgress(p);
            } catch (RuntimeException e) {
                // ignored, as the SPI says
            }
        }
    }

    @Override
    public String toString() {
        return "S3Upload{key=" + key + ", " + progress() + "}";
    }
}
