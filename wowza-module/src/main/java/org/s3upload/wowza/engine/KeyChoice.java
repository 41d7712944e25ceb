package org.s3upload.wowza.engine;

import org.s3upload.api.ObjectKeys;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;

/**
 * Chooses a recording's object key once and keeps it in the marker, so a restart never picks
 * another: the configured key, or with {@code s3UploadVersionFile} the first free {@code name_N.ext}
 * not reserved by another recording of this JVM (recovery reserves every key its markers hold
 * before any new recording may choose).
 */
final class KeyChoice {
    /** How many {@code name_N.ext} candidates versioning tries before it gives up. */
    static final int MAX_VERSION_CANDIDATES = 1000;
    /** How soon a recording that must choose a versioned key looks again while recovery still reserves keys. */
    static final long RECOVERY_WAIT_MILLIS = 100;

    private final JobContext ctx;
    private final RecordingJob job;
    private final MarkerJournal journal;

    KeyChoice(JobContext ctx, RecordingJob job, MarkerJournal journal) {
        this.ctx = ctx;
        this.job = job;
        this.journal = journal;
    }

    /** The marker with its key for the configured target; null if the job must wait or the recording changed. */
    Marker choose(int gen, Marker m, UploadTarget target) throws UploadException {
        boolean sameTarget = m.providerId() == null
                || (m.providerId().equals(target.providerId()) && target.fingerprint().equals(m.target()));
        if (m.key() != null && sameTarget) {
            if (m.providerId() == null) {
                return journal.update(gen, m.withKey(m.key(), target.providerId(), target.fingerprint()));
            }
            return m;
        }
        if (!sameTarget && m.resumeToken() != null) {
            ctx.log().info("the target of " + journal.recording() + " changed since its upload began (was " + m.providerId()
                    + " " + m.target() + "); uploading it from the start to the configured target");
            m = journal.update(gen, m.withToken(null));
            if (m == null) {
                return null;
            }
        }
        if (ctx.config().versionFile() && !ctx.keysReserved()) {
            job.reschedule(RECOVERY_WAIT_MILLIS);
            return null;
        }
        String base = ctx.config().keys().key(journal.recording(), m.stream(), m.mtime());
        String key = ctx.config().versionFile() ? freeVersion(base, m, target) : base;
        ObjectKeys.check(key);
        return journal.update(gen, m.withKey(key, target.providerId(), target.fingerprint()));
    }

    /**
     * The base key, else the first free {@code name_N.ext}. A candidate that already holds exactly
     * these bytes counts as this recording's (a restart never makes a second copy). Bounded.
     */
    private String freeVersion(String base, Marker m, UploadTarget target) throws UploadException {
        String where = target.fingerprint();
        for (int i = -1; i < MAX_VERSION_CANDIDATES; i++) {
            String candidate = i < 0 ? base : KeyMaker.versioned(base, i);
            if (!ctx.claims().reserveKey(where, candidate, job)) {
                continue;
            }
            RemoteProof.Finding there = ctx.proof().at(candidate, m, journal.recording());
            if (there.absent() || there.proven()) {
                return candidate;
            }
            ctx.claims().releaseKey(where, candidate, job);
        }
        throw UploadException.permanent("no free versioned key for " + journal.recording() + ": " + base + " and "
                + KeyMaker.versioned(base, 0) + " .. " + KeyMaker.versioned(base, MAX_VERSION_CANDIDATES - 1)
                + " are all taken; move old objects away or set s3UploadVersionFile to false");
    }
}
