package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.Progress;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.support.FileFingerprint;

/**
 * Sending a recording's bytes to its reserved key: resume the journalled partial upload or start
 * one, journal its tokens as the provider publishes them, wait, and prove the result. Runs on the
 * job's worker only.
 */
final class Transfer {
    private final JobContext ctx;
    private final RecordingJob job;
    private final MarkerJournal journal;
    private final Path recording;
    private boolean orphansChecked;

    Transfer(JobContext ctx, RecordingJob job, MarkerJournal journal) {
        this.ctx = ctx;
        this.job = job;
        this.journal = journal;
        this.recording = journal.recording();
    }

    /** Uploads what {@code m} describes to its key for generation {@code gen}; returns the payload bytes sent once proven. */
    long send(int gen, Marker m, UploadTarget target) throws UploadException, InterruptedException {
        if (m.resumeToken() == null && job.isRecovered() && !orphansChecked) {
            orphansChecked = true;
            abortOrphans(target, m.key());
        }
        UploadRequest request = UploadRequest.builder(recording, m.key()).throttle(ctx.throttle()).build();
        Listener listener = new Listener(gen);
        Upload u;
        String token = m.resumeToken();
        if (token != null) {
            log("resuming " + recording + " -> " + m.key() + " (attempt " + (m.attempts() + 1) + ")");
            try {
                u = target.resume(token, request, listener);
            } catch (UploadException e) {
                if (e.kind() != UploadException.Kind.RESUME_REJECTED) {
                    throw e;
                }
                ctx.log().info("cannot resume " + recording + " (" + e.getMessage() + "); uploading it from the start");
                abortQuietly(target, token);
                journal.update(gen, journal.marker().withToken(null));
                u = target.start(request, listener);
            }
        } else {
            log("uploading " + recording + " -> " + m.key() + " (attempt " + (m.attempts() + 1) + ")");
            u = target.start(request, listener);
        }
        job.uploads().started(u, gen);
        if (ctx.isClosed()) {
            job.uploads().pause(u, gen);
        } else if (ctx.uploadsPaused()) {
            job.uploads().pauseForOperator(); // paused while this upload started: it waits for the resume too
        }
        UploadResult proven = u.await();
        if (!stillDescribes(m)) {
            // The proof covers the bytes the provider read, which may be neither the old nor the new content.
            throw UploadException.retryable(recording + " changed during its upload to " + m.key() + "; uploading it again", null);
        }
        RemoteProof.Finding after = ctx.proof().confirms(m.key(), proven);
        if (!after.proven()) {
            // The upload completed, so its token names nothing any more: the retry starts afresh.
            journal.update(gen, journal.marker().withToken(null));
            throw UploadException.retryable("the object at " + m.key() + " does not match " + recording + " after upload"
                    + " (expected size " + m.size() + " and checksum " + proven.checksum() + ", found " + after.describe()
                    + "); uploading again", null);
        }
        // Journal the proven checksum before anything is deleted: a marker a crash leaves after the local
        // delete still proves the object. A newer report (null here) is seen by the completion.
        journal.update(gen, journal.marker().withMd5(proven.checksum().toString()));
        return u.progress().bytesSent();
    }

    /** The recording on disk is still the bytes {@code m} describes (a vanished file is left to the completion). */
    private boolean stillDescribes(Marker m) {
        try {
            return m.describes(FileFingerprint.of(recording));
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A crash between the start of a multipart upload and the journalling of its token leaves a
     * partial upload that no marker names. Before a recovered recording starts afresh, partial
     * uploads of exactly its key are aborted (they would only cost storage).
     */
    private void abortOrphans(UploadTarget target, String key) {
        try {
            List<IncompleteUpload> found = target.listIncomplete(key);
            ctx.log().debug("incomplete uploads under " + key + " before starting afresh: " + found);
            for (IncompleteUpload u : found) {
                // Not by time: the storage's clock need not agree with ours. Only another recording of
                // this JVM with the same key could own the partial upload, and then it is left alone.
                if (u.key().equals(key) && !ctx.claims().keyBusyElsewhere(target.fingerprint(), key, job)) {
                    abortQuietly(target, u.abortToken());
                    ctx.log().info("aborted an incomplete upload of " + key + " (" + u.uploadId()
                            + ") left by an interrupted run");
                }
            }
        } catch (UploadException | RuntimeException e) {
            ctx.log().debug("could not look for incomplete uploads of " + key + ": " + e.getMessage());
        }
    }

    /** A routine line: INFO, but DEBUG in a periodic retry round (the round has its own line). */
    private void log(String line) {
        if (job.isRoundRetry()) {
            ctx.log().debug(line);
        } else {
            ctx.log().info(line);
        }
    }

    static void abortQuietly(JobContext ctx, UploadTarget target, String token, Path recording) {
        try {
            target.abort(token);
        } catch (UploadException | RuntimeException e) {
            ctx.log().debug("could not abort an old partial upload of " + recording + ": " + e.getMessage());
        }
    }

    private void abortQuietly(UploadTarget target, String token) {
        abortQuietly(ctx, target, token, recording);
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
            journal.updateToken(gen, resumeToken);
        }

        @Override
        public void onProgress(Progress p) {
            long delta;
            synchronized (this) {
                delta = p.bytesSent() - lastSent;
                lastSent = Math.max(lastSent, p.bytesSent());
            }
            job.bytesSent(p.bytesSent());
            if (delta > 0) {
                ctx.sent(delta);
            }
            if (!partialReported && p.bytesDone() > 0 && p.bytesDone() < p.totalBytes()) {
                partialReported = true;
                Checkpoints.reach(Checkpoints.UPLOAD_PARTIAL);
            }
        }
    }
}
