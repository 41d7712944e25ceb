package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.wowza.engine.RecordingJob.Next;

/**
 * One attempt to bring a recording to the target, for the generation of its marker that was
 * current when it began: read the bytes, choose and reserve the key, upload, prove, then forget
 * the recording (and its local file, if asked). Runs on one worker at a time; the fields are that
 * worker's.
 */
final class UploadAttempt {
    private final JobContext ctx;
    private final RecordingJob job;
    private final MarkerJournal journal;
    private final Path recording;
    private final KeyChoice keys;
    private final Transfer transfer;

    /** Failed attempts the marker could not record. */
    private int attemptsNotJournalled;
    /** The wait for a busy key is logged once per job. */
    private boolean waitedForKey;
    /** A fresh upload whose remote state vanished is started again once at once, then with backoff. */
    private boolean restartedAfresh;
    private boolean toldReopened;

    UploadAttempt(JobContext ctx, RecordingJob job, MarkerJournal journal) {
        this.ctx = ctx;
        this.job = job;
        this.journal = journal;
        this.recording = journal.recording();
        this.keys = new KeyChoice(ctx, job, journal);
        this.transfer = new Transfer(ctx, job, journal);
    }

    Next run(int gen) {
        if (ctx.isClosed()) {
            return Next.STOPPED;
        }
        if (ctx.uploadsPaused()) {
            return Next.PAUSED; // handed to a worker just before the pause: it waits for the resume
        }
        UploadTarget target = ctx.target();
        for (String stale : job.uploads().takeStaleTokens()) {
            abortQuietly(target, stale);
        }
        FileFingerprint fp;
        try {
            fp = FileFingerprint.of(recording);
        } catch (NoSuchFileException e) {
            return missing(gen);
        } catch (IOException e) {
            return failed(gen, UploadException.retryable("cannot read " + recording + ": " + e, e));
        }
        Marker m = journal.marker();
        if (m.size() < 0) {
            // Bytes not known when journalled (a marker of the original module, or a recording that could
            // not be read at its report): the bytes on disk are the recording.
            m = journal.update(gen, adopt(m, fp));
            if (m == null) {
                return Next.RESCHEDULED;
            }
        } else if (!m.describes(fp)) {
            return changed(gen, fp);
        }
        try {
            if (ctx.isClosed()) {
                return Next.STOPPED;
            }
            m = keys.choose(gen, m, target);
            if (m == null) {
                return Next.RESCHEDULED;
            }
            if (!ctx.claims().reserveKey(target.fingerprint(), m.key(), job)) {
                return waitForKey(m.key());
            }
            try {
                return uploadToReservedKey(gen, m, fp, target);
            } finally {
                if (!ctx.config().versionFile()) {
                    // Versioned keys stay reserved for the job's life: that is what keeps them unique.
                    ctx.claims().releaseKey(target.fingerprint(), m.key(), job);
                }
            }
        } catch (UploadException e) {
            return failed(gen, e);
        } catch (CancellationException e) {
            if (ctx.isClosed()) {
                ctx.log().info("paused " + recording + " for shutdown; it resumes at the next start");
                return Next.STOPPED;
            }
            if (job.uploads().pausedByOperator()) {
                ctx.log().info("paused " + recording + " (uploads paused by an operator); it resumes when they resume");
                return Next.PAUSED;
            }
            return failed(gen, UploadException.retryable("the upload of " + recording + " was cancelled", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Next.STOPPED;
        } catch (IOException e) {
            if (ctx.isClosed()) {
                return Next.STOPPED;
            }
            return failed(gen, UploadException.retryable("local I/O error for " + recording + ": " + e, e));
        }
    }

    /**
     * Another recording of this JVM is being uploaded to the same key (a key template without
     * {@code ${file}} or {@code ${path}} maps several recordings to one key). One after the other,
     * each is a whole, verified overwrite, as the operator asked for.
     */
    private Next waitForKey(String key) {
        if (!waitedForKey) {
            waitedForKey = true;
            ctx.log().info("waiting to upload " + recording + ": " + key + " is being uploaded for another recording;"
                    + " this one follows and replaces it");
        }
        job.reschedule(RecordingJob.KEY_BUSY_RETRY_MILLIS);
        return Next.RESCHEDULED;
    }

    private Next uploadToReservedKey(int gen, Marker m, FileFingerprint fp, UploadTarget target)
            throws UploadException, InterruptedException, IOException {
        RemoteProof.Finding there = ctx.proof().at(m.key(), m, recording);
        if (there.proven()) {
            ctx.log().info("recording " + recording + " is already at " + m.key() + " (same size and checksum); not sent again");
            if (m.resumeToken() != null) {
                abortQuietly(target, m.resumeToken());
            }
            if (m.md5() == null && there.checksum() != null) {
                // Journalled before the local file may be deleted: a marker that a crash leaves after the
                // delete still proves the object (the file it was recomputed from is gone by then).
                journal.update(gen, journal.marker().withMd5(there.checksum()));
            }
            return complete(gen, m, fp, 0);
        }
        return complete(gen, m, fp, transfer.send(gen, m, target));
    }

    /**
     * The remote object is proven to hold the reported bytes. The local file is deleted (if asked)
     * only while it still holds exactly those bytes; the marker only while no newer report came in.
     */
    private Next complete(int gen, Marker m, FileFingerprint fp, long sent) throws IOException {
        Checkpoints.reach(Checkpoints.UPLOAD_VERIFIED);
        String checksum = journal.marker().md5();
        if (!journal.current(gen)) {
            ctx.log().info("uploaded an earlier content of " + recording + " to " + m.key()
                    + "; it was reported finished again since and is uploaded again");
            return Next.RESCHEDULED;
        }
        FileFingerprint now = fingerprintOrNull();
        if (now == null) {
            // Renamed by the recorder while it was uploading: the take keeps its marker under its new name,
            // or the next take at this name would replace its only stored copy.
            Path renamed = RecorderRenames.find(recording, m);
            if (renamed != null) {
                return followRename(gen, renamed);
            }
        }
        if (now != null && !now.equals(fp)) {
            ctx.log().info("uploaded " + recording + " -> " + m.key() + " as reported finished (" + fp + "), but it has"
                    + " changed since (" + now + "): Wowza reopened it. It is kept, with its marker, and uploaded"
                    + " again once Wowza reports it finished (or at the next start)");
            return Next.AWAIT_REPORT;
        }
        String deleted = "";
        if (ctx.config().deleteOriginal() && now != null) {
            AtomicFiles.delete(recording);
            deleted = "; deleted the local file";
            Checkpoints.reach(Checkpoints.LOCAL_DELETED);
        }
        ctx.completions().uploaded(recording, journal.marker(), ctx.target().location(m.key()).orElse(null));
        if (!journal.finish(gen)) {
            ctx.log().info("recording " + recording + " was reported finished again while its upload to " + m.key()
                    + " completed; the new content is uploaded next");
            return Next.RESCHEDULED;
        }
        journal.unindex();
        ctx.log().info("uploaded " + recording + " -> " + m.key() + " (" + m.size() + " bytes" + (checksum != null ? ", checksum " + checksum : "")
                + ", verified" + (sent < m.size() && sent > 0 ? ", resumed: sent " + sent : "") + ")" + deleted);
        return Next.UPLOADED;
    }

    Next failed(int gen, UploadException e) {
        if (!journal.current(gen)) {
            return Next.RESCHEDULED;
        }
        FileFingerprint now = fingerprintOrNull();
        Marker m = journal.marker();
        if (now != null && m.size() >= 0 && !m.describes(now)) {
            return changed(gen, now);
        }
        if (ctx.isClosed()) {
            return Next.STOPPED;
        }
        String where = recording + (m.key() != null ? " -> " + m.key() : "");
        if (e.kind() == UploadException.Kind.PERMANENT) {
            ctx.attemptFailed("upload of " + where + " failed permanently: " + e.getMessage());
            Marker marked = journal.update(gen, m.failed(Marker.State.FAILED, e.getMessage()));
            String next = Files.exists(recording)
                    ? ". Fix the cause; the recording is kept and retried " + retryCadence()
                    + ", at the next application start, or on a retry request"
                    : ". The recording no longer exists, so there is nothing left to upload; its marker is moved aside"
                    + " at the next application start";
            if (job.isRoundRetry() && e.getMessage() != null && e.getMessage().equals(m.lastError())) {
                ctx.log().debug("upload of " + where + " failed permanently again: " + e.getMessage());
            } else {
                ctx.log().error("upload of " + where + " failed permanently: " + e.getMessage() + next, null);
                ctx.completions().failed(recording, marked != null ? marked : m, e.getMessage(), ctx.log());
            }
            return Next.FAILED;
        }
        if (e.kind() == UploadException.Kind.RESUME_REJECTED && (m.resumeToken() != null || !restartedAfresh)) {
            // The partial upload is unusable (gone, or for other bytes), also one this attempt began and
            // someone aborted: start afresh now. With a token the next attempt has none; without one it
            // happens once; so this cannot repeat.
            restartedAfresh = m.resumeToken() == null;
            ctx.log().info("cannot continue the upload of " + where + " (" + e.getMessage() + "); uploading it from the start");
            if (m.resumeToken() != null) {
                abortQuietly(ctx.target(), m.resumeToken());
            }
            if (journal.update(gen, m.withToken(null).withState(Marker.State.PENDING)) == null) {
                return Next.RESCHEDULED;
            }
            job.reschedule(0);
            return Next.RESCHEDULED;
        }
        ctx.attemptFailed("upload of " + where + " failed: " + e.getMessage());
        Marker after = journal.update(gen, m.failed(Marker.State.PENDING, e.getMessage()));
        // When the marker cannot record the attempt (it is being removed, or cannot be written), count
        // here, or every retry would look like the first and back off by the first delay for ever.
        int attempts = after == null ? m.attempts() + (++attemptsNotJournalled) : after.attempts();
        if (!ctx.config().restartFailedUploads()) {
            ctx.log().warn("upload of " + where + " failed (" + e.getMessage() + "); s3UploadRestartFailedUploads is"
                    + " false, so it is retried " + retryCadence() + " and at the next application start");
            return Next.FAILED;
        }
        long delay = ctx.config().backoff().delay(attempts);
        ctx.log().warn("upload of " + where + " failed (attempt " + attempts + "): " + e.getMessage()
                + "; retrying in " + (delay + 999) / 1000 + " s");
        job.reschedule(delay);
        return Next.RESCHEDULED;
    }

    private String retryCadence() {
        long every = ctx.config().failedRetryIntervalMillis();
        return every > 0 ? "every " + Math.max(1, every / 60_000) + " min" : "(no periodic retry configured)";
    }

    /**
     * The bytes differ from those reported finished. Renamed by the recorder's versioning: the
     * marker follows. Last written before this start (a marker from an earlier run): the start says
     * it is final. Otherwise Wowza reopened it: nothing is uploaded or deleted until it reports again.
     */
    private Next changed(int gen, FileFingerprint now) {
        Path renamed = RecorderRenames.find(recording, journal.marker());
        if (renamed != null) {
            return followRename(gen, renamed);
        }
        if (job.isRecovered() && now.modifiedMillis() < ctx.startedAt()) {
            ctx.log().info("recording " + recording + " changed after its finish report, before this start (" + now
                    + "); uploading its content as it is now");
            String stale = journal.newBytes(now, LocalFile.key(recording), null);
            if (stale != null) {
                abortQuietly(ctx.target(), stale);
            }
            return Next.RESCHEDULED;
        }
        if (!toldReopened) {
            toldReopened = true;
            ctx.log().info("recording " + recording + " changed after Wowza reported it finished (reported "
                    + journal.marker().size() + " bytes, now " + now + "): Wowza has reopened it. It is neither uploaded"
                    + " nor deleted until Wowza reports it finished again (or the next start finds it unchanged)");
        }
        return Next.AWAIT_REPORT;
    }

    private Next followRename(int gen, Path renamed) {
        final Marker m = journal.marker();
        if (!journal.handOff(gen, () -> ctx.followRename(renamed, m))) {
            return Next.RESCHEDULED;
        }
        if (m.resumeToken() != null) {
            abortQuietly(ctx.target(), m.resumeToken()); // the moved take uploads afresh to its own key
        }
        ctx.log().info("recording " + recording + " was renamed to " + renamed + " before its upload; following it");
        return Next.DONE;
    }

    private Next missing(int gen) {
        Marker m = journal.marker();
        Path renamed = RecorderRenames.find(recording, m);
        if (renamed != null) {
            return followRename(gen, renamed);
        }
        try {
            if (m.key() != null && m.md5() != null && ctx.proof().at(m.key(), m, recording).proven()) {
                ctx.completions().uploaded(recording, m, ctx.target().location(m.key()).orElse(null));
                if (!journal.finish(gen)) {
                    return Next.RESCHEDULED;
                }
                journal.unindex();
                ctx.log().info("recording " + recording + " was already uploaded to " + m.key()
                        + " and deleted locally; removed its marker");
                return Next.DONE;
            }
        } catch (UploadException e) {
            return failed(gen, e);
        } catch (IOException e) {
            return failed(gen, UploadException.retryable("cannot remove marker " + journal.markerPath() + ": " + e, e));
        }
        if (m.resumeToken() != null) {
            abortQuietly(ctx.target(), m.resumeToken());
        }
        try {
            Path aside = journal.setAside(MarkerFiles.MISSING_SUFFIX);
            ctx.log().warn("recording " + recording + " is gone before it was uploaded; its marker is kept as " + aside);
        } catch (IOException e) {
            ctx.log().warn("recording " + recording + " is gone and its marker cannot be moved aside: " + e);
        }
        return Next.DONE;
    }

    private Marker adopt(Marker m, FileFingerprint fp) {
        Marker a = Marker.pending(fp, m.stream(), m.finishedAt()).withOwner(m.owner()).withFileKey(LocalFile.key(recording));
        if (m.key() != null) {
            a = a.withKey(m.key(), m.providerId(), m.target());
        }
        return a.withToken(m.resumeToken());
    }

    private void abortQuietly(UploadTarget target, String token) {
        Transfer.abortQuietly(ctx, target, token, recording);
    }

    private FileFingerprint fingerprintOrNull() {
        try {
            return FileFingerprint.of(recording);
        } catch (IOException e) {
            return null;
        }
    }
}
