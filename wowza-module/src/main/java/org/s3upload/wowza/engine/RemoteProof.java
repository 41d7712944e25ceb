package org.s3upload.wowza.engine;

import java.util.Optional;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;

/**
 * Every remote check the engine makes goes through here: whether the object at a key is the
 * recording a marker describes (before an upload, to send nothing twice; after it, before the local
 * file may be deleted; in recovery and versioning). One narrow place, so that the kind of proof
 * (today size and whole-object MD5) can change without touching the jobs.
 */
final class RemoteProof {
    private final UploadTarget target;

    RemoteProof(UploadTarget target) {
        this.target = target;
    }

    /** What the store holds at {@code key}, compared with the bytes {@code m} describes. */
    Finding at(String key, Marker m) throws UploadException {
        return new Finding(target.stat(key), m);
    }

    /** The result of one look at a key. Immutable. */
    static final class Finding {
        private final Optional<RemoteObject> there;
        private final boolean proven;

        private Finding(Optional<RemoteObject> there, Marker m) {
            this.there = there;
            this.proven = there.isPresent() && there.get().matches(m.size(), m.md5());
        }

        /** The object there is exactly the recording's bytes. */
        boolean proven() {
            return proven;
        }

        /** No object at the key. */
        boolean absent() {
            return !there.isPresent();
        }

        /** For messages: what was found. */
        String describe() {
            return there.isPresent() ? "size " + there.get().size() + " and MD5 " + there.get().md5().orElse("unknown")
                    : "no object";
        }
    }
}
