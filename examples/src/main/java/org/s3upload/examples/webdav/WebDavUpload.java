package org.s3upload.examples.webdav;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.s3upload.api.Progress;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.spi.support.UploadOutcome;
import org.s3upload.api.UploadResult;

/**
 * The caller's handle on one running upload: progress, token, outcome and pause. The transfer
 * thread reports into it; listener callbacks run on that thread, never under {@link #lock}.
 */
final class WebDavUpload implements Upload {
    private static final long PROGRESS_STEP = 1 << 20;

    private final String key;
    private final long total;
    private final UploadListener listener;
    final CancelSwitch cancel = new CancelSwitch();
    private final UploadOutcome outcome;
    private final Object lock = new Object();

    private volatile Progress progress;
    private volatile String token;
    private boolean stopped;
    private boolean resumable;
    private long reportedSent = -1;

    WebDavUpload(String key, long total, UploadListener listener) {
        this.key = key;
        this.outcome = new UploadOutcome(key);
        this.total = total;
        this.listener = listener;
        this.progress = new Progress(0, 0, total);
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Progress progress() {
        return progress;
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
        return outcome.await();
    }

    @Override
    public UploadResult await(long timeout, TimeUnit unit) throws UploadException, InterruptedException, TimeoutException {
        return outcome.await(timeout, unit);
    }

    /**
     * Stops the upload. The token is returned only once the partial upload was verified complete,
     * because only then can a resume skip data; a PUT cut short cannot be continued, so its
     * partial is deleted and the caller starts afresh.
     */
    @Override
    public Optional<String> pause() {
        boolean giveToken;
        synchronized (lock) {
            if (outcome.isDone()) {
                return Optional.empty();
            }
            stopped = true;
            giveToken = resumable;
        }
        cancel.cancel();
        outcome.cancel("upload of '" + key + "' was paused");
        if (!outcome.isCancelled()) {
            return Optional.empty(); // it completed or failed just now
        }
        return giveToken ? Optional.ofNullable(token) : Optional.<String>empty();
    }

    // ------------------------------------------------------------ reports from the transfer thread

    void publishToken(String newToken) {
        token = newToken;
        try {
            listener.onResumeToken(newToken);
        } catch (RuntimeException ignored) {
            // the SPI says exceptions from callbacks are ignored
        }
    }

    /** Payload bytes written so far by this upload; reported every MiB and at the end. */
    void sent(long bytesSent) {
        Progress p = new Progress(bytesSent, progress.bytesDone(), total);
        progress = p;
        boolean report;
        synchronized (lock) {
            report = bytesSent == total || reportedSent < 0 || bytesSent - reportedSent >= PROGRESS_STEP;
            if (report) {
                reportedSent = bytesSent;
            }
        }
        if (report) {
            report(p);
        }
    }

    /** The server confirmed it holds all bytes (in the partial upload, not yet at the key). */
    void stored() {
        Progress p = new Progress(progress.bytesSent(), total, total);
        progress = p;
        report(p);
    }

    /** The partial upload is verified; from now on pause keeps it and returns the token. */
    void markResumable() {
        synchronized (lock) {
            if (stopped) {
                throw new CancellationException("paused");
            }
            resumable = true;
        }
    }

    boolean isStopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    boolean isResumable() {
        synchronized (lock) {
            return resumable;
        }
    }

    void complete(UploadResult r) {
        outcome.complete(r);
    }

    void fail(UploadException e) {
        outcome.fail(e);
    }

    private void report(Progress p) {
        try {
            listener.onProgress(p);
        } catch (RuntimeException ignored) {
            // the SPI says exceptions from callbacks are ignored
        }
    }
}
