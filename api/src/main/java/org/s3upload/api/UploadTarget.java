package org.s3upload.api;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.s3upload.spi.UploadTargetProvider;

/**
 * One configured destination (a bucket and prefix, a directory, ...). Created by
 * {@link UploadTargetProvider#create}; closed by its creator.
 *
 * <p><b>Thread-safety.</b> All methods may be called concurrently from any number of threads.
 *
 * <p><b>Visibility.</b> An object becomes visible at its key only when complete: a reader of the key
 * sees the previous object (or none) until the upload completes, then the whole new object. A
 * key that already holds an object is overwritten.
 *
 * <p><b>Errors.</b> Methods fail with {@link UploadException}; its {@link UploadException#kind()}
 * says whether to retry. Providers do their own low-level retries at most briefly and report the
 * rest; backoff is the caller's.
 *
 * <p><b>Keys</b> are '/'-separated, relative (no leading '/'), non-empty, at most 1024 bytes of
 * UTF-8, and contain no NUL; see {@link ObjectKeys#check(String)}. A provider may refuse more
 * keys (with {@link UploadException.Kind#PERMANENT}), naming the key and the rule.
 */
public interface UploadTarget extends Closeable {

    /** The id of the provider that made this target. */
    String providerId();

    /**
     * A short, stable, secret-free description of where objects go (for example
     * {@code s3://bucket/prefix at https://endpoint}). Two targets with the same fingerprint write
     * to the same place; callers store it beside resume tokens to notice a changed destination.
     */
    String fingerprint();

    /**
     * Starts uploading {@code request.file()} to {@code request.key()} in the background and
     * returns at once. Failures before any transfer (a bad key, an unreadable file) may be thrown
     * here; all others are reported by {@link Upload#await()}.
     *
     * <p>Starting the same key twice runs two uploads; the last to complete wins, and the stored
     * object is always one of them whole, never a mix. An upload whose object was replaced by the
     * other before it could be verified fails with {@link UploadException.Kind#RETRYABLE} rather
     * than claim a completion it cannot prove; the upload that wins succeeds. The listener is
     * attached before any byte is sent, so no event is missed.
     */
    Upload start(UploadRequest request, UploadListener listener) throws UploadException;

    /**
     * Continues an upload from a token previously published through
     * {@link UploadListener#onResumeToken} or {@link Upload#pause()}, possibly by another target
     * instance in another process. Parts that the remote side already holds are not sent again.
     *
     * <p>The token must have been made for {@code request.file()} and {@code request.key()}. If the
     * local file's size or modification time differ from those recorded in the token, or the
     * remote partial state is gone, or the token is not this provider's, this fails with
     * {@link UploadException.Kind#RESUME_REJECTED}. A remote upload found already complete with
     * the same size and checksum is reported as a completed {@link Upload} without sending data.
     */
    Upload resume(String resumeToken, UploadRequest request, UploadListener listener) throws UploadException;

    /**
     * Removes the remote partial state named by {@code resumeToken}, and nothing else. Idempotent:
     * aborting state that is already gone succeeds. The complete object at the key, if any, is not
     * touched.
     */
    void abort(String resumeToken) throws UploadException;

    /**
     * Lists remote partial uploads whose key starts with {@code keyPrefix} (the empty string lists
     * all the target can see), for cleanup of orphans. Each entry's
     * {@link IncompleteUpload#abortToken()} is accepted by {@link #abort(String)}.
     */
    List<IncompleteUpload> listIncomplete(String keyPrefix) throws UploadException;

    /**
     * How many bytes the remote side holds for a partial upload found by {@link #listIncomplete}
     * (the sum of its stored parts), so that an operator can see what an orphan costs; empty when
     * the provider cannot tell, or the upload is gone. May cost a request per call. The default
     * tells nothing, so a provider written before this method existed keeps working.
     */
    default OptionalLong storedBytes(IncompleteUpload upload) throws UploadException {
        return OptionalLong.empty();
    }

    /**
     * Describes the complete object at {@code key}, or returns empty if there is none. Partial
     * uploads are never reported here. Use it to prove an upload complete (size and checksum)
     * before deleting the local file.
     */
    Optional<RemoteObject> stat(String key) throws UploadException;

    /**
     * Where the object at {@code key} is, in the target's own terms, for notifications and logs:
     * a URI such as {@code s3://bucket/prefix/key} or {@code file:///mnt/nas/key}. Secret-free; no
     * I/O. Empty (the default) when the target cannot name one.
     */
    default Optional<String> location(String key) {
        return Optional.empty();
    }

    /**
     * Stops taking work and releases resources. Uploads still running are paused so that their
     * latest resume token stays valid; their {@link Upload#await()} then throws
     * {@link java.util.concurrent.CancellationException}. Idempotent. Bounded in time.
     */
    @Override
    void close();
}
