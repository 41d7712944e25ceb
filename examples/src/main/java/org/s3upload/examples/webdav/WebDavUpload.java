package org.s3upload.examples.webdav;

import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.s3upload.api.Progress;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadResult;
import org.s3upload.spi.support.AbstractUpload;
import org.s3upload.spi.support.ThrottleGate;

/**
 * The caller's handle on one running upload: progress, token, outcome and pause. The transfer
 * thread reports into it; listener callbacks run on that thread, never under {@link #lock}.
 */
final class WebDavUpload extends AbstractUpload {
    private static final long PROGRESS_STEP = 1 << 20;

    private final long total;
    final CancelSwitch cancel = new CancelSwitch();
    /** The request's bandwidth throttle, drawn from as the PUT writes; a pause wakes a waiting draw. */
    final ThrottleGate throttle;
    private final Object lock = new Object();

    private volatile Progress progress;
    private volatile String token;
    private boolean stopped;
    private boolean resumable;
    private long reportedSent = -1;

    WebDavUpload(String key, long total, UploadListener listener, ThrottleGate throttle) {
        super(key, listener);
        this.throttle = throttle;
        this.total = total;
        this.progress = new Progress(0, 0, total);
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public Optional<String> resumeToken() {
        return Optional.ofNullable(token);
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
            if (outcome().isDone()) {
                return Optional.empty();
            }
            stopped = true;
            giveToken = resumable;
        }
        cancel.cancel();
        throttle.stop();
        outcome().cancel("upload of '" + key() + "' was paused");
        if (!outcome().isCancelled()) {
            return Optional.empty(); // it completed or failed just now
        }
        return giveToken ? Optional.ofNullable(token) : Optional.<String>empty();
    }

    // ------------------------------------------------------------ reports from the transfer thread

    void publishToken(String newToken) {
        token = newToken;
        notifyResumeToken(newToken);
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
        outcome().complete(r);
    }

    void fail(UploadException e) {
        outcome().fail(e);
    }

    private void report(Progress p) {
        notifyProgress(p);
    }
}
