package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadTarget;

/**
 * The finish reports of an engine ({@link UploadEngine#onRecordingFinished}), on the host's thread:
 * each is journalled in its recording's marker and handed to the recording's job, a new one or the
 * one that holds it already; without a target, or while stopping, it is journalled only (and kept
 * for the {@linkplain JournalHandOver hand-over}). Never network I/O.
 */
final class ReportIntake {
    private final UploadEngine engine;
    private final EngineContext context;
    private final EngineSettings config;
    private final UploadTarget target;
    private final String targetProblem;
    private final UploadLog log;
    private final Claims claims;
    private final ReportJournal journal;
    private final JobLedger jobs;
    private final JournalHandOver handOver = new JournalHandOver();

    ReportIntake(UploadEngine engine, EngineContext context, ReportJournal journal, String targetProblem) {
        this.engine = engine;
        this.context = context;
        this.config = context.config();
        this.target = context.target();
        this.targetProblem = targetProblem;
        this.log = context.log();
        this.claims = context.claims();
        this.journal = journal;
        this.jobs = context.ledger();
    }

    /** See {@link UploadEngine#handOverTo}. */
    void handOverTo(UploadEngine next) {
        handOver.handOverTo(next);
    }

    /** See {@link UploadEngine#onRecordingFinished}. */
    void report(Path file, String stream) {
        Path recording = file.toAbsolutePath().normalize();
        String rejected = config.filter().rejects(recording, stream);
        if (rejected != null) {
            log.debug("not uploading " + recording + ": " + rejected);
            return;
        }
        if (recording.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(MarkerFiles.SUFFIX)) {
            return;
        }
        Path claimPath = LocalFile.claimPath(recording);
        List<Path> handOverNow;
        synchronized (claims.reportLock(claimPath)) {
            handOverNow = take(recording, claimPath, stream);
        }
        for (Path p : handOverNow) {
            handOver.journalled(p, stream);
        }
    }

    /**
     * One finish report, under its recording's report lock. The bytes are read here, inside: of two
     * reports of one recording the one taken last read the newest bytes, so a report delivered late
     * (the hand-over) cannot replace a newer take with the older one it would have read earlier.
     *
     * @return the recordings only journalled, for the hand-over to the next engine
     */
    private List<Path> take(Path recording, Path claimPath, String stream) {
        FileFingerprint fp;
        try {
            fp = FileFingerprint.of(recording);
        } catch (IOException e) {
            log.warn("recording " + recording + " was reported finished but cannot be read now (" + e + "); journalled"
                    + " anyway, and its upload reads it when it runs");
            fp = null;
        }
        String fileKey = fp == null ? null : LocalFile.key(recording);
        Checkpoints.reach(Checkpoints.REPORT_READ);
        if (target == null || engine.isClosed()) {
            return journal(recording, fp, fileKey, stream);
        }
        for (int i = 0; i < 10; i++) {
            Marker m = journal.initialMarker(recording, fp, fileKey, stream, target, !claims.isClaimed(claimPath));
            RecordingJob job = new RecordingJob(context, recording, journal.isExternal(recording), m);
            RecordingJob existing = claims.claim(job.claimPath(), job);
            if (existing == null) {
                jobs.add(job, job.state());
                if (engine.isClosed()) {
                    // close() may have taken its snapshot of jobs already: leave no claim behind
                    engine.release(job);
                    return journal(recording, fp, fileKey, stream);
                }
                long due = config.delayMillis() <= 0 || fp == null ? config.delayMillis()
                        : Math.min(config.delayMillis(), fp.modifiedMillis() + config.delayMillis() - System.currentTimeMillis());
                job.begin(Math.max(0, due), true);
                log.info("recording " + recording + " finished" + (stream != null ? " (stream " + stream + ")" : "")
                        + "; queued for upload" + (m.key() != null ? " -> " + m.key() : "")
                        + (due > 0 ? " in " + due + " ms" : ""));
                return Collections.emptyList();
            }
            if (existing.notified(fp, fileKey, stream)) {
                return Collections.emptyList();
            }
            claims.release(existing);
        }
        log.warn("recording " + recording + " is being handed over by another upload right now; journalled only");
        return journal(recording, fp, fileKey, stream);
    }

    /**
     * Without a target (or stopping): the marker only, for the hand-over or the next start. Returns
     * what the hand-over must deliver: the recording, and a take whose marker moved with a recorder
     * rename (the next engine's recovery may have looked already).
     */
    private List<Path> journal(Path recording, FileFingerprint fp, String fileKey, String stream) {
        ReportJournal.Written written = journal.journalOnly(recording, fp, fileKey, stream);
        List<Path> handOverNow = new ArrayList<>(2);
        if (written.renamed != null) {
            handOverNow.add(written.renamed);
        }
        ReportJournal.Outcome out = written.outcome;
        if (out == ReportJournal.Outcome.FAILED) {
            return handOverNow;
        }
        handOverNow.add(recording);
        boolean closed = engine.isClosed();
        if (out == ReportJournal.Outcome.UNCHANGED || targetProblem == null && !closed) {
            log.debug("recording " + recording + " journalled while the upload target starts");
            return handOverNow;
        }
        log.warn("recording " + recording + " journalled but not uploaded: "
                + (closed ? "the application is stopping" : targetProblem)
                + "; it is uploaded at the next start" + (closed ? "" : " once the configuration works"));
        return handOverNow;
    }
}
