package org.s3upload.spi.support;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadResult;

/**
 * The settled-once outcome behind an {@link Upload}: a provider completes, fails or cancels it from
 * its own threads, and its {@link Upload#await()} methods delegate here. It gives every provider the
 * same {@code await} contract: the result, an {@link UploadException} of the failure's kind (a fresh
 * one, so the caller's stack shows where it waited, with the original as the cause), or a
 * {@link CancellationException} after a pause. Thread-safe; the first settlement wins.
 */
public final class UploadOutcome {
    private final String key;
    private final CompletableFuture<UploadResult> future = new CompletableFuture<>();

    /** @param key the key being uploaded, named in unexpected failures */
    public UploadOutcome(String key) {
        this.key = Objects.requireNonNull(key, "key is null");
    }

    /** Settles with a verified result; false if already settled. */
    public boolean complete(UploadResult result) {
        return future.complete(Objects.requireNonNull(result, "result is null"));
    }

    /** Settles with a failure; false if already settled. */
    public boolean fail(UploadException failure) {
        return future.completeExceptionally(Objects.requireNonNull(failure, "failure is null"));
    }

    /** Settles as paused or closed, so {@code await} throws CancellationException; false if already settled. */
    public boolean cancel(String why) {
        return future.completeExceptionally(new CancellationException(why));
    }

    public boolean isDone() {
        return future.isDone();
    }

    /** True when the outcome is a cancellation (whenever it happened). */
    public boolean isCancelled() {
        return future.isCancelled();
    }

    /** True when the outcome is a failure or a cancellation, false while running or after success. */
    public boolean isCompletedExceptionally() {
        return future.isCompletedExceptionally();
    }

    /** See {@link Upload#await()}. */
    public UploadResult await() throws UploadException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** See {@link Upload#await(long, TimeUnit)}. */
    public UploadResult await(long timeout, TimeUnit unit) throws UploadException, InterruptedException, TimeoutException {
        try {
            return future.get(timeout, unit);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (TimeoutException e) {
            throw new TimeoutException("upload of '" + key + "' still running after " + timeout + " " + unit);
        }
    }

    private UploadException unwrap(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof UploadException) {
            UploadException u = (UploadException) c;
            return new UploadException(u.kind(), u.getMessage(), u);
        }
        return UploadException.retryable("upload of '" + key + "' failed unexpectedly: " + c, c);
    }
}
