package org.s3upload.provider.s3;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.s3upload.api.UploadException;

/**
 * The target's running uploads, one thread each (it prepares the upload, waits for it and verifies
 * it), and whether the target is still open: a closed target starts nothing and has paused all.
 */
final class UploadRuns {
    private final S3Settings settings;
    /** One thread per running upload: prepares it, waits for it, verifies it. */
    private final ExecutorService runPool = Executors.newCachedThreadPool(new DaemonThreads("s3upload-s3-upload-"));
    private final Set<S3Upload> running = Collections.newSetFromMap(new ConcurrentHashMap<S3Upload, Boolean>());
    private final AtomicBoolean closed = new AtomicBoolean();

    UploadRuns(S3Settings settings) {
        this.settings = settings;
    }

    /** Runs {@code run} on a thread of its own; whatever way it ends, the upload ends with it. */
    void launch(final S3Upload upload, final Runnable run) throws UploadException {
        running.add(upload);
        try {
            runPool.execute(new Runnable() {
                @Override
                public void run() {
                    try {
                        run.run();
                    } catch (RuntimeException | Error e) {
                        upload.fail(S3Errors.classify(e, "uploading " + upload.key(), settings));
                    } finally {
                        running.remove(upload);
                        if (!upload.isDone()) {
                            upload.cancelled();
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(upload);
            throw closedException();
        }
    }

    void ensureOpen() throws UploadException {
        if (closed.get()) {
            throw closedException();
        }
    }

    private UploadException closedException() {
        return UploadException.permanent("the s3 target " + settings.describe() + " is closed; create a new one");
    }

    /**
     * Closes, on the first call only (then true): pauses every running upload and interrupts the
     * run threads. Returns at once; {@link #awaitStopped} waits for the threads.
     */
    boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        // Pause all first, without waiting for each: the pools' termination waits for all.
        for (S3Upload u : new ArrayList<>(running)) {
            u.pauseWithoutWaiting();
        }
        runPool.shutdownNow();
        return true;
    }

    void awaitStopped(long millis) throws InterruptedException {
        runPool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
