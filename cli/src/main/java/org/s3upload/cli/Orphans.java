package org.s3upload.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;

/**
 * The target's incomplete uploads under a prefix that are older than an age, each with what it
 * stores and whether a marker holds it. Immutable.
 */
final class Orphans {
    /** One incomplete upload old enough to be listed. Immutable. */
    static final class Orphan {
        final IncompleteUpload upload;
        final long ageMillis;
        /** Bytes stored for it, or -1 when the provider cannot tell. */
        final long storedBytes;
        /** Why a marker holds it (never aborted), or null when free. */
        final String heldBy;

        Orphan(IncompleteUpload upload, long ageMillis, long storedBytes, String heldBy) {
            this.upload = upload;
            this.ageMillis = ageMillis;
            this.storedBytes = storedBytes;
            this.heldBy = heldBy;
        }
    }

    final String prefix;
    final Duration olderThan;
    final List<Orphan> listed;
    /** Incomplete uploads under the prefix not listed because they are younger. */
    final int younger;
    /** Incomplete uploads not listed because the provider does not know when they began. */
    final int unknownAge;
    /** False when no content folder was given, so no hold was checked. */
    final boolean holdsChecked;

    private Orphans(String prefix, Duration olderThan, List<Orphan> listed, int younger, int unknownAge, boolean holdsChecked) {
        this.prefix = prefix;
        this.olderThan = olderThan;
        this.listed = Collections.unmodifiableList(listed);
        this.younger = younger;
        this.unknownAge = unknownAge;
        this.holdsChecked = holdsChecked;
    }

    /** Lists; {@code holds} is null when no content folder was given. */
    static Orphans find(UploadTarget target, String prefix, Duration olderThan, MarkerHolds holds, long now)
            throws UploadException {
        List<Orphan> listed = new ArrayList<>();
        int younger = 0;
        int unknown = 0;
        for (IncompleteUpload u : target.listIncomplete(prefix)) {
            if (u.initiatedEpochMillis() <= 0) {
                unknown++;
                continue;
            }
            long age = now - u.initiatedEpochMillis();
            if (age <= olderThan.toMillis()) {
                younger++;
                continue;
            }
            OptionalLong stored = target.storedBytes(u);
            listed.add(new Orphan(u, age, stored.isPresent() ? stored.getAsLong() : -1, holds == null ? null : holds.holder(u)));
        }
        return new Orphans(prefix, olderThan, listed, younger, unknown, holds != null);
    }

    List<Orphan> free() {
        List<Orphan> out = new ArrayList<>();
        for (Orphan o : listed) {
            if (o.heldBy == null) {
                out.add(o);
            }
        }
        return out;
    }

    static long bytes(List<Orphan> orphans) {
        long sum = 0;
        for (Orphan o : orphans) {
            sum += Math.max(0, o.storedBytes);
        }
        return sum;
    }
}
