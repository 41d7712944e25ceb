package org.s3upload.api;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running upload, returned by {@link UploadTarget#start} and {@link UploadTarget#resume}. Thread-safe. */
public interface Upload {

    /** The key being written. */
    String key();

    /** A snapshot of progress; never null. */
    Progress progress();

    /**
     * The latest resume token, or empty while no remote state exists yet (before the first part
     * of a multipart upload, or for uploads that are sent in one piece and cannot be resumed).
     */
    Optional<String> resumeToken();

    /** True once the upload completed, failed or was paused. */
    boolean isDone();

    /**
     * Waits for the outcome. The result is returned only once the object is complete at its key
     * and its size (and checksum, where the provider can read one back) were checked.
     *
     * @throws UploadException the upload failed; see {@link UploadException#kind()}
     * @throws CancellationException the upload was paused or its target closed
     */
    UploadResult await() throws UploadException, InterruptedException;

    /** As {@link #await()}, giving up after the timeout. */
    UploadResult await(long timeout, TimeUnit unit) throws UploadException, InterruptedException, TimeoutException;

    /**
     * Stops the upload, leaving the remote partial state in place, and returns the token to resume
     * it with; empty when there is nothing to resume from (the caller starts afresh later). Safe to
     * call at any time, also from another thread and after completion (then it has no effect and
     * returns empty). {@link #await()} then throws {@link CancellationException} unless the upload
     * had already completed.
     */
    Optional<String> pause();
}
