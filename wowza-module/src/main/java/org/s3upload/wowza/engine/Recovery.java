package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finding this engine's unfinished recordings: at start (on a thread of its own), again every while
 * a folder could not be seen, and the slow round that retries recordings that failed permanently.
 * Keys that markers already hold are reserved before any new recording may choose a versioned key.
 */
final class Recovery {
    private final UploadEngine engine;
    private final EngineSettings config;
    private final UploadLog log;
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private volatile boolean keysReserved;
    private volatile int foreign;
    private volatile boolean somethingUnreachable;

    Recovery(UploadEngine engine, EngineSettings config, UploadLog log) {
        this.engine = engine;
        this.config = config;
        this.log = log;
    }

    boolean keysReserved() {
        return keysReserved;
    }

    int foreign() {
        return foreign;
    }

    /** The first scan, at start. */
    void atStart() {
        try {
            MarkerScan.Result scan = scan();
            if (scan == null) {
                return;
            }
            List<MarkerScan.Found> found = scan.found;
            if (!config.resumeUploads()) {
                found = new OwnIncompleteUploads(engine.target(), config.keys().prefix(), log).abortAll(found);
            }
            reserveKeys(found);
            int resumed = resumeAll(found);
            if (resumed >= 0 && (!found.isEmpty() || scan.corrupt > 0 || scan.foreign > 0)) {
                log.info("recovery: " + resumed + " unfinished recording(s) found in " + config.roots()
                        + (scan.legacy > 0 ? " (" + scan.legacy + " marker(s) of the original module or without an owner)" : "")
                        + (scan.corrupt > 0 ? "; " + scan.corrupt + " unreadable marker(s) moved aside as *"
                                + MarkerFiles.CORRUPT_SUFFIX : "")
                        + (scan.foreign > 0 ? "; " + scan.foreign + " marker(s) of other applications sharing the folder"
                                + " left to them" : "")
                        + "; uploading oldest first");
            }
        } catch (RuntimeException e) {
            log.error("recovery of unfinished uploads failed: " + e + "; they are picked up at the next start", e);
        } finally {
            keysReserved = true;
        }
    }

    /** Periodically while a folder could not be seen: takes the markers that appeared meanwhile. */
    void rescan() {
        if (!somethingUnreachable) {
            return;
        }
        try {
            MarkerScan.Result scan = scan();
            if (scan == null) {
                return;
            }
            reserveKeys(scan.found);
            int resumed = resumeAll(scan.found);
            if (resumed > 0) {
                log.info("recovery: " + resumed + " more unfinished recording(s) found now that "
                        + "their folder can be seen; uploading them");
            }
        } catch (RuntimeException e) {
            log.warn("looking for markers again failed: " + e);
        }
    }

    private MarkerScan.Result scan() {
        MarkerScan.Result scan = new MarkerScan(config.roots(), engine.externalMarkers(), log, config.owner(), told)
                .run(engine::isClaimed, () -> engine.isClosed() || Thread.currentThread().isInterrupted());
        if (scan != null) {
            foreign = scan.foreign;
            if (scan.unreachable.isEmpty() && somethingUnreachable) {
                log.info("every storage and marker folder can be seen again");
            }
            somethingUnreachable = !scan.unreachable.isEmpty();
        }
        return scan;
    }

    /** Versioned keys chosen before a restart stay those recordings'. */
    private void reserveKeys(List<MarkerScan.Found> found) {
        if (engine.target() == null || !config.versionFile()) {
            return;
        }
        String where = engine.target().fingerprint();
        for (MarkerScan.Found f : found) {
            Marker m = f.content;
            boolean sameTarget = m.providerId() == null || where.equals(m.target());
            if (m.key() != null && sameTarget) {
                engine.claims().reserveForRecording(where, m.key(), LocalFile.claimPath(MarkerFiles.recordingOf(f.marker)));
            }
        }
    }

    /** Starts a job per marker; -1 when the engine stopped meanwhile. */
    private int resumeAll(List<MarkerScan.Found> found) {
        int resumed = 0;
        for (MarkerScan.Found f : found) {
            if (engine.isClosed()) {
                return -1;
            }
            if (resume(f)) {
                resumed++;
            }
        }
        return resumed;
    }

    /** Starts a job for a marker found on disk; false if the recording is handled already or is not ours. */
    boolean resume(MarkerScan.Found f) {
        Path recording = MarkerFiles.recordingOf(f.marker).toAbsolutePath().normalize();
        Marker m = f.content.state() == Marker.State.FAILED ? f.content.retried() : f.content;
        boolean adopt = m.owner() == null;
        if (adopt) {
            m = m.withOwner(config.owner().id());
        }
        ReportJournal journal = engine.reportJournal();
        RecordingJob job = new RecordingJob(engine.context(), recording, journal.isExternal(recording), m);
        job.recovered();
        if (!engine.adopt(job)) {
            return false;
        }
        if (!journal.stillOurs(f.marker, config.owner()) || engine.isClosed()) {
            // Taken (and perhaps finished) by another engine between the scan and the claim, or stopping.
            engine.release(job);
            return false;
        }
        long due = 0;
        if (config.delayMillis() > 0 && m.mtime() > 0) {
            due = Math.max(0, Math.min(config.delayMillis(), m.mtime() + config.delayMillis() - System.currentTimeMillis()));
        }
        job.beginRecovered(due, m != f.content);
        return true;
    }

    /** A marker handed over by another engine of this JVM (its recording was renamed there). */
    void take(Path marker) {
        try {
            Marker m = MarkerFiles.read(marker);
            if (config.owner().mayTake(m)) {
                resume(new MarkerScan.Found(marker, m, m.finishedAt()));
            }
        } catch (NoSuchFileException e) {
            // uploaded meanwhile
        } catch (IOException e) {
            log.warn("cannot read marker " + marker + " handed over by another application: " + e);
        }
    }

    /** The slow round: recordings that failed permanently are tried again, with one log line per round. */
    void retryFailed(List<RecordingJob> failed) {
        if (failed.isEmpty()) {
            return;
        }
        log.info("retrying " + failed.size() + " recording(s) that failed permanently (every "
                + Math.max(1, config.failedRetryIntervalMillis() / 60_000) + " min, s3UploadFailedRetryInterval);"
                + " one that fails again the same way is not logged again");
        for (RecordingJob j : failed) {
            j.retry(true);
        }
    }
}
