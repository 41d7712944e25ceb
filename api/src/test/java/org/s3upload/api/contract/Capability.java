package org.s3upload.api.contract;

/**
 * Optional abilities of a provider. A fixture that lacks one says why in
 * {@link UploadTargetContractTest#lacks(Capability)}; the tests that need it are then skipped with
 * that reason, never silently.
 */
public enum Capability {
    /** {@code UploadTarget.resume} continues from a token without re-sending stored parts. */
    RESUME,
    /** {@code Upload.pause()} stops an upload mid-way and returns a token. */
    PAUSE,
    /** {@code UploadTarget.listIncomplete} finds partial uploads under a prefix. */
    LIST_INCOMPLETE,
    /** The requested content type is stored and reported by {@code stat}. */
    CONTENT_TYPE,
    /** User metadata is stored and reported by {@code stat}. */
    METADATA
}
