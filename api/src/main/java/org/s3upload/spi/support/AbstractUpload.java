package org.s3upload.spi.support;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.s3upload.api.Progress;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadResult;

/**
 * The part of an {@link Upload} handle that is the same in every provider, for a provider's own
 * handle to extend: the key, {@link #isDone()} and both {@code await} methods over one
 * {@link UploadOutcome}, and listener callbacks shielded as the SPI requires (an exception thrown
 * by the listener is ignored). A subclass keeps only what is its own: {@link #progress()},
 * {@link #resumeToken()} and {@link #pause()}, and settles {@link #outcome()} from its threads
 * (complete, fail, or cancel on pause or close).
 *
 * <p>Call {@link #notifyProgress} and {@link #notifyResumeToken} without holding a lock that
 * {@code pause()} needs: a listener may block.
 */
public abstract class AbstractUpload implements Upload {
    private final String key;
    private final UploadListener listener;
    private final UploadOutcome outcome;

    /**
     * @param key the key being uploaded
     * @param listener the caller's listener; null for none
     */
    protected AbstractUpload(String key, UploadListener listener) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.listener = listener == null ? UploadListener.NONE : listener;
        this.outcome = new UploadOutcome(key);
    }

    @Override
    public final String key() {
        return key;
    }

    /** True once the outcome is settled. */
    @Override
    public final boolean isDone() {
        return outcome.isDone();
    }

    @Override
    public final UploadResult await() throws UploadException, InterruptedException {
        return outcome.await();
    }

    @Override
    public final UploadResult await(long timeout, TimeUnit unit)
            throws UploadException, InterruptedException, TimeoutException {
        return outcome.await(timeout, unit);
    }

    /** The outcome this handle's {@code await} reports; settle it from the provider's threads. */
    protected final UploadOutcome outcome() {
        return outcome;
    }

    /** Tells the listener of progress; an exception it throws is ignored, as the SPI says. */
    protected final void notifyProgress(Progress progress) {
        try {
            listener.onProgress(progress);
        } catch (RuntimeException ignored) {
            // a listener's failure is not the upload's
        }
    }

    /** Tells the listener of a new resume token; an exception it throws is ignored, as the SPI says. */
    protected final void notifyResumeToken(String token) {
        try {
            listener.onResumeToken(token);
        } catch (RuntimeException ignored) {
            // a listener's failure is not the upload's; the token stays available from resumeToken()
        }
    }
}
