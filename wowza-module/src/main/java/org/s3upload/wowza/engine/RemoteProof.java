package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.support.Checksums;

/**
 * Every remote check the engine makes goes through here: whether the object at a key is the
 * recording a marker describes (before an upload, to send nothing twice; after it, before the local
 * file may be deleted; in recovery and versioning). One narrow place for what "proven" means: the
 * object's checksum (a whole-object MD5, or S3's part MD5s with their part size) recomputed from the
 * local file, or equal to the checksum an upload proved and the marker journalled.
 */
final class RemoteProof {
    private final UploadTarget target;

    RemoteProof(UploadTarget target) {
        this.target = target;
    }

    /**
     * What the store holds at {@code key}, compared with the recording {@code m} describes: by the
     * checksum the marker journalled after an earlier proof, else by recomputing the object's
     * checksum from the local file (one read of the file, only when an object of its size is there).
     */
    Finding at(String key, Marker m, Path recording) throws UploadException {
        Optional<RemoteObject> there = target.stat(key);
        if (!there.isPresent() || there.get().size() != m.size()) {
            return new Finding(there, false);
        }
        if (m.md5() != null && there.get().matches(m.size(), m.md5())) {
            return new Finding(there, true);
        }
        if (!Files.isRegularFile(recording)) {
            return new Finding(there, false);
        }
        try {
            return new Finding(there, Checksums.holdsFile(there.get(), recording));
        } catch (IOException e) {
            throw UploadException.retryable("cannot read " + recording + " to compare it with the object at " + key
                    + ": " + e, e);
        }
    }

    /** What the store holds at {@code key} after an upload, compared with what the upload proved. */
    Finding confirms(String key, UploadResult proven) throws UploadException {
        Optional<RemoteObject> there = target.stat(key);
        return new Finding(there, there.isPresent() && proven.confirmedBy(there.get()));
    }

    /** The result of one look at a key. Immutable. */
    static final class Finding {
        private final Optional<RemoteObject> there;
        private final boolean proven;

        private Finding(Optional<RemoteObject> there, boolean proven) {
            this.there = there;
            this.proven = proven;
        }

        /** The object there is exactly the recording's bytes. */
        boolean proven() {
            return proven;
        }

        /** The checksum of the object there in its text form, or null when there is none. */
        String checksum() {
            return there.isPresent() && there.get().checksum().isPresent() ? there.get().checksum().get().toString() : null;
        }

        /** No object at the key. */
        boolean absent() {
            return !there.isPresent();
        }

        /** For messages: what was found. */
        String describe() {
            return there.isPresent() ? there.get().toString() : "no object";
        }
    }
}
