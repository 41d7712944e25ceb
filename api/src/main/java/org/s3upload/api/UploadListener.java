package org.s3upload.api;

/**
 * Callbacks from a running upload. Providers call them from their own threads, without holding
 * locks that {@link Upload#pause()} or {@link UploadTarget#close()} need, so a callback may block
 * briefly (for example to write a journal durably). Exceptions thrown by a callback are ignored by
 * the provider.
 */
public interface UploadListener {

    /** A listener that ignores everything. */
    UploadListener NONE = new UploadListener() { };

    /**
     * A new resume token exists: the first time as soon as remote state exists (before the first
     * part is sent), and again whenever it changes. Persist it to survive a crash. Called at least
     * once before any data a resume would skip is sent.
     */
    default void onResumeToken(String resumeToken) {
    }

    /** Progress moved; values never decrease from one call to the next. */
    default void onProgress(Progress progress) {
    }
}
