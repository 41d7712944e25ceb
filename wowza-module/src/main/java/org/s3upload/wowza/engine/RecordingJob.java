package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import org.s3upload.api.Checksums;
import org.s3upload.api.FileFingerprint;
import org.s3upload.api.Progress;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

/**
 * One recording on its way to the target: owns the recording's marker (every write of it goes
 * through this object's monitor, so there is a lock per recording and none across recordings),
 * and runs on the engine's worker pool. Network I/O never happens while the monitor is held.
 */
final class RecordingJob implements Runnable {
    /** How many {@code name_N.ext} candidates versioning tries before it gives up. */
    static final int MAX_VERSION_CANDIDATES = 1000;
    /** A recording that changed after it was reported finished must stay unchanged this long. */
    static final long SETTLE_MILLIS = 2_000;

    enum Phase { WAITING, QUEUED, RUNNING, FAILED, DONE }

    /** How soon a recording waiting for its key (busy with another recording) looks again. */
    static final long KEY_BUSY_RETRY_MILLIS = 1_000;

    /** Failed attempts the marker could not record; only the job's worker touches it. */
    private int attemptsNotJournalled;
    /** The wait for a busy key is logged once per job; only the job's worker touches it. */
    private boolean waitedForKey;

    /** What the worker does after an attempt. */
    private enum Next { DONE, RESCHEDULED, FAILED, STOPPED }

    private final UploadEngine engine;
    private final Path recording;
    private final Path markerPath;
    private final boolean external;

    private Marker marker;
    private Phase phase = Phase.WAITING;
    private int generation;
    private boolean markerGone;
    private boolean inRun;
    private volatile boolean recovered;
    private boolean orphansChecked;
    private Upload upload;
    private ScheduledFuture<?> timer;
    private final List<String> staleTokens = new ArrayList<>();
    private volatile long lastBytesSent;

    /** {@code initial} is set before the job is published, so other threads never see it without a marker. */
    RecordingJob(UploadEngine engine, Path recording, boolean external, Marker initial) {
        this.engine = engine;
        this.recording = recording;
        this.markerPath = MarkerFiles.markerOf(recording);
        this.external = external;
        this.marker = initial;
    }

    Path recording() {
        return recording;
    }

    synchronized Phase phase() {
        return phase;
    }

    synchronized Marker marker() {
        return marker;
    }

    /** Writes the first journal entry (for a recording Wowza just finished, or one found at start) and schedules it. */
    void begin(long delayMillis) {
        begin(delayMillis, true);
    }

    /**
     * @param journal false when the marker on disk already says what this job holds (a recovered
     *     marker read unchanged): rewriting it would cost one durable write per marker at start-up,
     *     which dominated the recovery of thousands of markers, and protect nothing
     */
    void begin(long delayMillis, boolean journal) {
        if (journal) {
            synchronized (this) {
                persistLocked("journalling");
            }
        }
        if (external) {
            try {
                engine.externalMarkers().add(markerPath);
            } catch (IOException e) {
                engine.log().warn("cannot index marker " + markerPath + " outside the storage directory (" + e
                        + "); it is uploaded now but would not be found after a restart");
            }
        }
        schedule(delayMillis);
    }

    /**
     * Wowza reported the recording finished again. The same bytes are ignored (uploaded once);
     * new bytes replace what the marker describes, and a running upload of the old bytes is not
     * taken as the new recording's.
     *
     * @return false when this job already ended, and the caller must start a new one
     */
    boolean notified(FileFingerprint fp, String stream) {
        synchronized (this) {
            if (phase == Phase.DONE) {
                return false;
            }
            if (marker.describes(fp)) {
                engine.log().debug("recording " + recording + " reported finished again with the same content; uploaded once");
                return true;
            }
            newBytesLocked(fp, stream);
            if (phase == Phase.RUNNING) {
                engine.log().info("recording " + recording + " changed while it was uploading; the new content follows");
                return true;
            }
        }
        schedule(engine.config().delayMillis());
        return true;
    }

    /** Puts a permanently failed recording back in the queue. */
    void retry() {
        synchronized (this) {
            if (phase != Phase.FAILED) {
                return;
            }
            marker = marker.retried();
            persistLocked("retrying");
            phase = Phase.WAITING;
        }
        engine.log().info("retrying " + recording + " -> " + marker().key());
        enqueue();
    }

    void schedule(long delayMillis) {
        synchronized (this) {
            if (phase == Phase.DONE || phase == Phase.RUNNING) {
                return;
            }
            cancelTimerLocked();
            phase = Phase.WAITING;
            if (delayMillis > 0) {
                timer = engine.schedule(this::enqueue, delayMillis);
                return;
            }
        }
        enqueue();
    }

    private void enqueue() {
        synchronized (this) {
            if (phase != Phase.WAITING) {
                return;
            }
            timer = null;
            phase = Phase.QUEUED;
            if (inRun) {
                // A worker is still finishing the previous attempt; it submits this one when done,
                // so one recording never runs on two workers at once.
                return;
            }
        }
        if (!engine.execute(this)) {
            synchronized (this) {
                phase = Phase.WAITING;
            }
        }
    }

    @Override
    public void run() {
        int gen;
        synchronized (this) {
            if (phase != Phase.QUEUED || inRun) {
                return;
            }
            phase = Phase.RUNNING;
            inRun = true;
            gen = generation;
        }
        Next next;
        try {
            next = attempt(gen);
        } catch (RuntimeException | Error e) {
            engine.log().error("unexpected failure uploading " + recording + " (a bug; please report it): " + e, e);
            next = failed(gen, UploadException.retryable("unexpected failure: " + e, e));
        }
        boolean again = false;
        boolean resubmit;
        synchronized (this) {
            inRun = false;
            upload = null;
            if (next == Next.DONE) {
                phase = Phase.DONE;
            } else if (next == Next.FAILED) {
                phase = Phase.FAILED;
            } else if (next == Next.STOPPED) {
                phase = Phase.WAITING;
            } else if (phase == Phase.RUNNING) {
                // The recording changed while this attempt ran: start over with the new content.
                phase = Phase.WAITING;
                again = true;
            }
            resubmit = phase == Phase.QUEUED;
        }
        if (next == Next.DONE) {
            engine.finished(this);
        } else if (again) {
            schedule(Math.max(engine.config().delayMillis(), SETTLE_MILLIS));
        } else if (resubmit && !engine.execute(this)) {
            synchronized (this) {
                phase = Phase.WAITING;
            }
        }
    }

    private Next attempt(int gen) {
        if (engine.isClosed()) {
            return Next.STOPPED;
        }
        UploadTarget target = engine.target();
        abortStaleTokens(target);
        FileFingerprint fp;
        try {
            fp = FileFingerprint.of(recording);
        } catch (NoSuchFileException e) {
            return missing(target, gen);
        } catch (IOException e) {
            return failed(gen, UploadException.retryable("cannot read " + recording + ": " + e, e));
        }
        Marker m = marker();
        if (m.size() < 0) {
            // A marker of the original module: it knew no fingerprint, so the bytes on disk are the recording.
            m = update(gen, adopt(m, fp));
            if (m == null) {
                return Next.RESCHEDULED;
            }
        } else if (!m.describes(fp)) {
            return changed(gen, fp);
        }
        try {
            if (engine.isClosed()) {
                return Next.STOPPED;
            }
            m = chooseKey(gen, m, target);
            if (m == null) {
                return Next.RESCHEDULED;
            }
            if (!engine.reserveKey(m.key(), this)) {
                return waitForKey(m.key());
            }
            try {
                return uploadToReservedKey(gen, m, fp, target);
            } finally {
                if (!engine.config().versionFile()) {
                    // Versioned keys stay reserved for the job's life: that is what keeps them unique.
                    engine.releaseKey(m.key(), this);
                }
            }
        } catch (UploadException e) {
            return failed(gen, e);
        } catch (CancellationException e) {
            if (engine.isClosed()) {
                engine.log().info("paused " + recording + " for shutdown; it resumes at the next start");
                return Next.STOPPED;
            }
            return failed(gen, UploadException.retryable("the upload of " + recording + " was cancelled", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Next.STOPPED;
        } catch (IOException e) {
            if (engine.isClosed()) {
                return Next.STOPPED;
            }
            return failed(gen, UploadException.retryable("local I/O error for " + recording + ": " + e, e));
        }
    }

    /**
     * Another recording of this JVM is being uploaded to the same key (a key template without
     * {@code ${file}} or {@code ${path}} maps several recordings to one key). Two uploads racing to one key would
     * leave either one there and fail the other's verification; one after the other, each is a
     * whole, verified overwrite, as the operator asked for.
     */
    private Next waitForKey(String key) {
        if (!waitedForKey) {
            waitedForKey = true;
            engine.log().info("waiting to upload " + recording + ": " + key + " is being uploaded for another recording;"
                    + " this one follows and replaces it");
        }
        reschedule(KEY_BUSY_RETRY_MILLIS);
        return Next.RESCHEDULED;
    }

    private Next uploadToReservedKey(int gen, Marker m, FileFingerprint fp, UploadTarget target)
            throws UploadException, InterruptedException, IOException {
        Optional<RemoteObject> there = target.stat(m.key());
        if (there.isPresent() && Checksums.holdsFile(there.get(), recording)) {
            engine.log().info("recording " + recording + " is already at " + m.key() + " (same size and checksum); not sent again");
            if (m.resumeToken() != null) {
                abortQuietly(target, m.resumeToken());
            }
            return complete(gen, m, fp, 0);
        }
        if (m.resumeToken() == null && recovered && !orphansChecked) {
            orphansChecked = true;
            abortOrphans(target, m.key());
        }
        return upload(gen, m, fp, target);
    }

    private Next upload(int gen, Marker m, FileFingerprint fp, UploadTarget target)
            throws UploadException, InterruptedException, IOException {
        UploadRequest request = UploadRequest.builder(recording, m.key()).build();
        Listener listener = new Listener(gen);
        Upload u;
        String token = m.resumeToken();
        if (token != null) {
            engine.log().info("resuming " + recording + " -> " + m.key() + " (attempt " + (m.attempts() + 1) + ")");
            try {
                u = target.resume(token, request, listener);
            } catch (UploadException e) {
                if (e.kind() != UploadException.Kind.RESUME_REJECTED) {
                    throw e;
                }
                engine.log().info("cannot resume " + recording + " (" + e.getMessage() + "); uploading it from the start");
                abortQuietly(target, token);
                update(gen, marker().withToken(null));
                u = target.start(request, listener);
            }
        } else {
            engine.log().info("uploading " + recording + " -> " + m.key() + " (attempt " + (m.attempts() + 1) + ")");
            u = target.start(request, listener);
        }
        synchronized (this) {
            upload = u;
            if (generation == gen && marker.state() != Marker.State.UPLOADING) {
                marker = marker.withState(Marker.State.UPLOADING);
                persistLocked("recording the upload start");
            }
        }
        if (engine.isClosed()) {
            pause(u, gen);
        }
        UploadResult proven = u.await();
        FileFingerprint now = fingerprintOrNull();
        if (now != null && !now.equals(fp)) {
            // The proof covers the bytes the provider read, which may be neither the old nor the new content.
            throw UploadException.retryable(recording + " changed during its upload to " + m.key() + "; uploading it again", null);
        }
        Optional<RemoteObject> there = target.stat(m.key());
        if (!there.isPresent() || !proven.confirmedBy(there.get())) {
            // The upload completed, so its token names nothing any more: the retry starts afresh.
            update(gen, marker().withToken(null));
            throw UploadException.retryable("the object at " + m.key() + " does not match " + recording + " after upload"
                    + " (expected size " + m.size() + " and checksum " + proven.checksum() + ", found "
                    + (there.isPresent() ? there.get() : "no object") + "); uploading again", null);
        }
        // The proven checksum, so a marker left by a crash after the local delete still proves the object.
        m = update(gen, marker().withMd5(proven.checksum().toString()));
        return m == null ? Next.RESCHEDULED : complete(gen, m, fp, u.progress().bytesSent());
    }

    /** The remote object is verified: delete the original if wanted and unchanged, then the marker. */
    private Next complete(int gen, Marker m, FileFingerprint fp, long sent) throws IOException {
        Checkpoints.reach(Checkpoints.UPLOAD_VERIFIED);
        synchronized (this) {
            if (generation != gen) {
                engine.log().info("uploaded an earlier content of " + recording + " to " + m.key()
                        + "; the recording changed since and is uploaded again");
                return Next.RESCHEDULED;
            }
        }
        String deleted = "";
        if (engine.config().deleteOriginal()) {
            FileFingerprint now = fingerprintOrNull();
            if (fp.equals(now)) {
                AtomicFiles.delete(recording);
                deleted = "; deleted the local file";
                Checkpoints.reach(Checkpoints.LOCAL_DELETED);
            } else if (now != null) {
                engine.log().warn("kept " + recording + ": it changed since it was uploaded to " + m.key()
                        + " (now " + now + ", uploaded " + fp + ")");
            }
        }
        synchronized (this) {
            markerGone = true;
            AtomicFiles.delete(markerPath);
        }
        if (external) {
            engine.externalMarkers().remove(markerPath);
        }
        engine.log().info("uploaded " + recording + " -> " + m.key() + " (" + m.size() + " bytes, checksum " + m.md5()
                + ", verified" + (sent < m.size() && sent > 0 ? ", resumed: sent " + sent : "") + ")" + deleted);
        engine.completedOne();
        return Next.DONE;
    }

    private Marker chooseKey(int gen, Marker m, UploadTarget target) throws UploadException, IOException {
        boolean sameTarget = m.providerId() == null
                || (m.providerId().equals(target.providerId()) && target.fingerprint().equals(m.target()));
        if (m.key() != null && sameTarget) {
            if (m.providerId() == null) {
                return update(gen, m.withKey(m.key(), target.providerId(), target.fingerprint()));
            }
            return m;
        }
        if (!sameTarget && m.resumeToken() != null) {
            engine.log().info("the target of " + recording + " changed since its upload began (was " + m.providerId()
                    + " " + m.target() + "); uploading it from the start to the configured target");
            m = update(gen, m.withToken(null));
            if (m == null) {
                return null;
            }
        }
        String base = engine.config().keys().key(recording, m.stream(), m.mtime());
        String key = engine.config().versionFile() ? freeVersion(base, m, target) : base;
        org.s3upload.api.ObjectKeys.check(key);
        return update(gen, m.withKey(key, target.providerId(), target.fingerprint()));
    }

    /**
     * The legacy {@code s3UploadVersionFile}: the base key, else the first free {@code name_N.ext}.
     * A candidate that already holds exactly these bytes counts as this recording's (a restart
     * never makes a second copy). Bounded: gives up after {@link #MAX_VERSION_CANDIDATES}.
     */
    private String freeVersion(String base, Marker m, UploadTarget target) throws UploadException, IOException {
        for (int i = -1; i < MAX_VERSION_CANDIDATES; i++) {
            String candidate = i < 0 ? base : KeyMaker.versioned(base, i);
            if (!engine.reserveKey(candidate, this)) {
                continue;
            }
            Optional<RemoteObject> there = target.stat(candidate);
            if (!there.isPresent() || Checksums.holdsFile(there.get(), recording)) {
                return candidate;
            }
            engine.releaseKey(candidate, this);
        }
        throw UploadException.permanent("no free versioned key for " + recording + ": " + base + " and "
                + KeyMaker.versioned(base, 0) + " .. " + KeyMaker.versioned(base, MAX_VERSION_CANDIDATES - 1)
                + " are all taken; move old objects away or set s3UploadVersionFile to false");
    }

    private Next failed(int gen, UploadException e) {
        synchronized (this) {
            if (generation != gen) {
                return Next.RESCHEDULED;
            }
        }
        FileFingerprint now = fingerprintOrNull();
        Marker m = marker();
        if (now != null && m.size() >= 0 && !m.describes(now)) {
            return changed(gen, now);
        }
        if (engine.isClosed()) {
            return Next.STOPPED;
        }
        String where = recording + (m.key() != null ? " -> " + m.key() : "");
        if (e.kind() == UploadException.Kind.PERMANENT) {
            update(gen, m.failed(Marker.State.FAILED, e.getMessage()));
            String next = java.nio.file.Files.exists(recording)
                    ? ". Fix the cause; the recording is kept and retried at the next application start (or on a retry request)"
                    : ". The recording no longer exists, so there is nothing left to upload; its marker is moved aside"
                    + " at the next application start";
            engine.log().error("upload of " + where + " failed permanently: " + e.getMessage() + next, null);
            return Next.FAILED;
        }
        if (e.kind() == UploadException.Kind.RESUME_REJECTED && m.resumeToken() != null) {
            // The partial upload is unusable (gone, or for other bytes): start afresh now; no backoff is
            // needed, and the next attempt has no token, so this cannot repeat.
            engine.log().info("cannot continue the upload of " + where + " (" + e.getMessage() + "); uploading it from the start");
            abortQuietly(engine.target(), m.resumeToken());
            if (update(gen, m.withToken(null).withState(Marker.State.PENDING)) == null) {
                return Next.RESCHEDULED;
            }
            reschedule(0);
            return Next.RESCHEDULED;
        }
        Marker after = update(gen, m.failed(Marker.State.PENDING, e.getMessage()));
        // When the marker cannot record the attempt (it is being removed, or cannot be written), count
        // here, or every retry would look like the first and back off by the first delay for ever.
        int attempts = after == null ? m.attempts() + (++attemptsNotJournalled) : after.attempts();
        if (!engine.config().restartFailedUploads()) {
            engine.log().warn("upload of " + where + " failed (" + e.getMessage() + "); s3UploadRestartFailedUploads is"
                    + " false, so it is retried at the next application start");
            return Next.FAILED;
        }
        long delay = engine.config().backoff().delay(attempts);
        engine.log().warn("upload of " + where + " failed (attempt " + attempts + "): " + e.getMessage()
                + "; retrying in " + (delay + 999) / 1000 + " s");
        reschedule(delay);
        return Next.RESCHEDULED;
    }

    /**
     * The bytes differ from those reported finished. If Wowza's recorder versioning renamed the
     * recording (to {@code name_N.ext}, same size and mtime), the marker follows it; otherwise the
     * file is being written again, and it is uploaded once it stays unchanged.
     */
    private Next changed(int gen, FileFingerprint now) {
        Path renamed = findRenamed();
        if (renamed != null) {
            return followRename(renamed);
        }
        synchronized (this) {
            if (generation == gen) {
                newBytesLocked(now, marker.stream());
            }
        }
        long wait = Math.max(engine.config().delayMillis(), SETTLE_MILLIS);
        engine.log().info("recording " + recording + " changed after it was reported finished (" + now
                + "); uploading it once unchanged for " + wait + " ms");
        reschedule(wait);
        return Next.RESCHEDULED;
    }

    private Next followRename(Path renamed) {
        engine.log().info("recording " + recording + " was renamed to " + renamed + " before its upload; following it");
        Marker m = marker();
        synchronized (this) {
            markerGone = true;
        }
        engine.adoptRenamed(renamed, m);
        try {
            AtomicFiles.delete(markerPath);
            if (external) {
                engine.externalMarkers().remove(markerPath);
            }
        } catch (IOException e) {
            engine.log().warn("cannot delete marker " + markerPath + ": " + e);
        }
        return Next.DONE;
    }

    private Next missing(UploadTarget target, int gen) {
        Marker m = marker();
        try {
            if (m.key() != null && m.md5() != null) {
                Optional<RemoteObject> there = target.stat(m.key());
                if (there.isPresent() && there.get().matches(m.size(), m.md5())) {
                    synchronized (this) {
                        markerGone = true;
                        AtomicFiles.delete(markerPath);
                    }
                    if (external) {
                        engine.externalMarkers().remove(markerPath);
                    }
                    engine.log().info("recording " + recording + " was already uploaded to " + m.key()
                            + " and deleted locally; removed its marker");
                    return Next.DONE;
                }
            }
        } catch (UploadException e) {
            return failed(gen, e);
        } catch (IOException e) {
            return failed(gen, UploadException.retryable("cannot remove marker " + markerPath + ": " + e, e));
        }
        Path renamed = findRenamed();
        if (renamed != null) {
            return followRename(renamed);
        }
        if (m.resumeToken() != null) {
            abortQuietly(target, m.resumeToken());
        }
        try {
            synchronized (this) {
                markerGone = true;
            }
            Path aside = MarkerFiles.quarantine(markerPath, MarkerFiles.MISSING_SUFFIX);
            if (external) {
                engine.externalMarkers().remove(markerPath);
            }
            engine.log().warn("recording " + recording + " is gone before it was uploaded; its marker is kept as " + aside);
        } catch (IOException e) {
            engine.log().warn("recording " + recording + " is gone and its marker cannot be moved aside: " + e);
        }
        return Next.DONE;
    }

    /** Where Wowza's recorder versioning moved the recording, or null. */
    private Path findRenamed() {
        return RecorderRenames.find(recording, marker());
    }

    private void reschedule(long delayMillis) {
        synchronized (this) {
            phase = Phase.WAITING;
            cancelTimerLocked();
            timer = engine.schedule(this::enqueue, delayMillis);
        }
    }

    /** Shutdown: cancel a pending timer; pause a running upload and keep its token. */
    void stop() {
        Upload u;
        int gen;
        synchronized (this) {
            cancelTimerLocked();
            u = upload;
            gen = generation;
        }
        if (u != null) {
            pause(u, gen);
        }
    }

    private void pause(Upload u, int gen) {
        try {
            Optional<String> token = u.pause();
            if (token.isPresent()) {
                update(gen, marker().withToken(token.get()));
            }
        } catch (RuntimeException e) {
            engine.log().warn("pausing the upload of " + recording + " failed: " + e);
        }
    }

    long bytesSent() {
        return lastBytesSent;
    }

    private void newBytesLocked(FileFingerprint fp, String stream) {
        if (marker.resumeToken() != null) {
            staleTokens.add(marker.resumeToken());
        }
        generation++;
        Marker m = marker.forBytes(fp);
        if (stream != null) {
            m = m.withStream(stream);
        }
        // The key may depend on the mtime (date variables) and versioning must look again.
        marker = m.withKey(null, null, null);
        persistLocked("recording new content");
    }

    private Marker adopt(Marker m, FileFingerprint fp) {
        Marker a = Marker.pending(fp, m.stream(), m.finishedAt());
        if (m.key() != null) {
            a = a.withKey(m.key(), m.providerId(), m.target());
        }
        return a.withToken(m.resumeToken());
    }

    /** Applies a change made for generation {@code gen}; returns the marker now held, or null if the recording changed. */
    private Marker update(int gen, Marker changed) {
        synchronized (this) {
            if (generation != gen || markerGone) {
                return null;
            }
            marker = changed;
            persistLocked("updating");
            return marker;
        }
    }

    private void persistLocked(String what) {
        if (markerGone) {
            return;
        }
        try {
            MarkerFiles.write(markerPath, marker);
        } catch (IOException e) {
            engine.log().warn("cannot write marker " + markerPath + " while " + what + " (" + e
                    + "); the upload goes on, but a crash now would lose track of it");
        }
    }

    /**
     * A crash between the start of a multipart upload and the journalling of its token leaves a
     * partial upload that no marker names. Before a recovered recording starts afresh, partial
     * uploads of exactly its key are aborted (they would only cost storage).
     */
    private void abortOrphans(UploadTarget target, String key) {
        try {
            List<org.s3upload.api.IncompleteUpload> found = target.listIncomplete(key);
            engine.log().debug("incomplete uploads under " + key + " before starting afresh: " + found);
            for (org.s3upload.api.IncompleteUpload u : found) {
                // Not by time: the storage's clock need not agree with ours. This job holds the
                // recording, and has not started its own upload yet; only another recording of this
                // JVM with the same key could own the partial upload, and then it is left alone.
                if (u.key().equals(key) && !engine.keyBusyElsewhere(key, this)) {
                    abortQuietly(target, u.abortToken());
                    engine.log().info("aborted an incomplete upload of " + key + " (" + u.uploadId()
                            + ") left by an interrupted run");
                }
            }
        } catch (UploadException | RuntimeException e) {
            engine.log().debug("could not look for incomplete uploads of " + key + ": " + e.getMessage());
        }
    }

    /** Marks a job made by recovery at start (it may have left partial uploads without a token). */
    void recovered() {
        recovered = true;
    }

    private void abortStaleTokens(UploadTarget target) {
        List<String> tokens;
        synchronized (this) {
            tokens = new ArrayList<>(staleTokens);
            staleTokens.clear();
        }
        for (String t : tokens) {
            abortQuietly(target, t);
        }
    }

    private void abortQuietly(UploadTarget target, String token) {
        try {
            target.abort(token);
        } catch (UploadException | RuntimeException e) {
            engine.log().debug("could not abort an old partial upload of " + recording + ": " + e.getMessage());
        }
    }

    private FileFingerprint fingerprintOrNull() {
        try {
            return FileFingerprint.of(recording);
        } catch (IOException e) {
            return null;
        }
    }

    private void cancelTimerLocked() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Journals resume tokens as the provider publishes them, for the generation it was started for. */
    private final class Listener implements UploadListener {
        private final int gen;
        private boolean partialReported;
        private long lastSent;

        Listener(int gen) {
            this.gen = gen;
        }

        @Override
        public void onResumeToken(String resumeToken) {
            synchronized (RecordingJob.this) {
                if (generation != gen || markerGone) {
                    return;
                }
                marker = marker.withToken(resumeToken);
                persistLocked("saving a resume token");
            }
        }

        @Override
        public void onProgress(Progress p) {
            long delta;
            synchronized (this) {
                delta = p.bytesSent() - lastSent;
                lastSent = Math.max(lastSent, p.bytesSent());
            }
            lastBytesSent = p.bytesSent();
            if (delta > 0) {
                engine.sent(delta);
            }
            if (!partialReported && p.bytesDone() > 0 && p.bytesDone() < p.totalBytes()) {
                partialReported = true;
                Checkpoints.reach(Checkpoints.UPLOAD_PARTIAL);
            }
        }
    }

    @Override
    public String toString() {
        return "RecordingJob{" + recording + "}";
    }

}
