package org.s3upload.wowza.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadTarget;
import org.s3upload.wowza.notify.Notifications;

/**
 * Uploads finished recordings reliably: journals each one in a marker next to it, uploads on a
 * bounded pool of its own threads with retry and backoff, verifies the remote object before it
 * forgets a recording, and picks up every marker of its own left behind when it starts.
 *
 * <p>Thread-safe. {@link #onRecordingFinished} only writes the marker and hands over: it is meant
 * to be called on the host's (Wowza's) thread and never does network I/O.
 */
public final class UploadEngine implements Closeable {
    private final EngineSettings config;
    private final UploadTarget target;
    private final String targetProblem;
    private final UploadLog log;
    private final Runnable keepAlive;
    private final Claims claims;
    private final ExternalMarkers externalMarkers;
    private final ReportJournal journal;
    private final Recovery recovery;
    private final EngineContext context;
    /** The jobs this engine owns, where each stands, and the uploaded count: {@link EngineContext#ledger()}. */
    private final JobLedger jobs;
    private final Queue<Journalled> journalled = new ConcurrentLinkedQueue<>();
    private final Consumer<Path> taker;
    private volatile UploadEngine successor;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile boolean closed;
    private volatile Thread recoveryThread;
    private volatile String lastStatusLine = "";
    private final Notifications notifications;

    private UploadEngine(EngineSettings config, UploadTarget target, String targetProblem, UploadLog log,
                         Runnable keepAlive, Claims claims) {
        this.config = config;
        this.target = target;
        this.targetProblem = targetProblem;
        this.log = log;
        this.keepAlive = keepAlive;
        this.claims = claims;
        this.externalMarkers = new ExternalMarkers(config.roots().get(0), config.owner().id());
        this.recovery = new Recovery(this, config, log);
        this.taker = recovery::take;
        int n = config.maxConcurrentUploads();
        this.workers = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(),
                threads("s3upload-" + config.name() + "-upload"));
        this.workers.allowCoreThreadTimeOut(true);
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("s3upload-" + config.name() + "-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.notifications = target == null ? Notifications.none() : openNotifications(config, log);
        this.context = new EngineContext(this, config, target, log, claims, workers, scheduler,
                new CompletionEvents(config, notifications));
        this.journal = new ReportJournal(config, log, externalMarkers, context);
        this.jobs = context.ledger();
    }

    /**
     * Starts an engine that uploads to {@code target} (closed with the engine) and begins
     * recovery of earlier markers on a thread of its own.
     *
     * @param keepAlive called periodically while work is pending (Wowza: touch the application instance)
     */
    public static UploadEngine start(EngineSettings config, UploadTarget target, UploadLog log, Runnable keepAlive) {
        return start(config, target, log, keepAlive, Claims.JVM);
    }

    static UploadEngine start(EngineSettings config, UploadTarget target, UploadLog log, Runnable keepAlive, Claims claims) {
        UploadEngine e = new UploadEngine(config, target, null, log, keepAlive, claims);
        e.startBackground();
        return e;
    }

    /**
     * Starts an engine that has no usable target: it journals every finished recording so that
     * it is uploaded once the configuration is fixed and the application restarted.
     */
    public static UploadEngine journalOnly(EngineSettings config, String problem, UploadLog log) {
        return new UploadEngine(config, null, problem, log, null, Claims.JVM);
    }

    /**
     * An engine that journals recordings while the real one is being started, and remembers them
     * for {@link #handOverTo}: it logs nothing per recording, since the hand-over follows.
     */
    public static UploadEngine starting(EngineSettings config, UploadLog log) {
        return new UploadEngine(config, null, null, log, null, Claims.JVM);
    }

    /**
     * Passes every recording this (journal-only) engine took to {@code next}, which already
     * owns them through their markers; a recording reported twice is still uploaded once.
     */
    public void handOverTo(UploadEngine next) {
        successor = next;
        drainTo(next);
    }

    /**
     * Both the hand-over and a late journal entry drain the queue after publishing their own
     * write, so whichever runs second delivers the entry: none is left behind.
     */
    private void drainTo(UploadEngine next) {
        Journalled taken;
        while ((taken = journalled.poll()) != null) {
            next.onRecordingFinished(taken.recording, taken.stream);
        }
    }

    private void journalled(Path recording, String stream) {
        journalled.add(new Journalled(recording, stream));
        UploadEngine next = successor;
        if (next != null) {
            drainTo(next);
        }
    }

    /** Without a usable journal folder the engine still uploads, but keeps every marker (no event may be lost). */
    private static Notifications openNotifications(EngineSettings config, UploadLog log) {
        try {
            return Notifications.open(config.roots().get(0), config.vhost(), config.application(), config.instance(),
                    config.listeners(), config.backoff(), log);
        } catch (IOException e) {
            log.error("cannot open the notification journal under " + config.roots().get(0) + " (" + e + "); recordings"
                    + " are uploaded but keep their markers until it can be written", null);
            return Notifications.unwritable(e.toString());
        }
    }

    private void startBackground() {
        notifications.start();
        claims.register(config.owner(), taker);
        long status = config.statusIntervalMillis();
        if (status > 0) {
            scheduler.scheduleWithFixedDelay(this::logStatus, status, status, TimeUnit.MILLISECONDS);
        }
        long touch = config.keepAliveIntervalMillis();
        if (touch > 0 && keepAlive != null) {
            scheduler.scheduleWithFixedDelay(this::keepAlive, touch, touch, TimeUnit.MILLISECONDS);
        }
        long rescan = config.rescanIntervalMillis();
        if (rescan > 0) {
            scheduler.scheduleWithFixedDelay(recovery::rescan, rescan, rescan, TimeUnit.MILLISECONDS);
        }
        long retry = config.failedRetryIntervalMillis();
        if (retry > 0) {
            scheduler.scheduleWithFixedDelay(this::retryFailedRound, retry, retry, TimeUnit.MILLISECONDS);
        }
        Thread t = threads("s3upload-" + config.name() + "-recovery").newThread(recovery::atStart);
        recoveryThread = t;
        t.start();
    }

    /**
     * Wowza finished writing {@code file} from {@code stream} (may be null). Writes the marker
     * durably and schedules the upload; returns without network I/O. A recording that cannot be
     * read now is journalled too: its upload finds out what it holds.
     */
    public void onRecordingFinished(Path file, String stream) {
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
        List<Path> handOver;
        synchronized (claims.reportLock(claimPath)) {
            handOver = take(recording, claimPath, stream);
        }
        for (Path p : handOver) {
            journalled(p, stream);
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
        if (target == null || closed) {
            return journal(recording, fp, fileKey, stream);
        }
        for (int i = 0; i < 10; i++) {
            Marker m = journal.initialMarker(recording, fp, fileKey, stream, target, !claims.isClaimed(claimPath));
            RecordingJob job = new RecordingJob(context, recording, journal.isExternal(recording), m);
            RecordingJob existing = claims.claim(job.claimPath(), job);
            if (existing == null) {
                jobs.add(job, job.state());
                if (closed) {
                    // close() may have taken its snapshot of jobs already: leave no claim behind
                    release(job);
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
        List<Path> handOver = new ArrayList<>(2);
        if (written.renamed != null) {
            handOver.add(written.renamed);
        }
        ReportJournal.Outcome out = written.outcome;
        if (out == ReportJournal.Outcome.FAILED) {
            return handOver;
        }
        handOver.add(recording);
        if (out == ReportJournal.Outcome.UNCHANGED || targetProblem == null && !closed) {
            log.debug("recording " + recording + " journalled while the upload target starts");
            return handOver;
        }
        log.warn("recording " + recording + " journalled but not uploaded: "
                + (closed ? "the application is stopping" : targetProblem)
                + "; it is uploaded at the next start" + (closed ? "" : " once the configuration works"));
        return handOver;
    }

    /** Puts every permanently failed recording back in the queue (after an operator fixed the cause). */
    public void retryFailed() {
        for (RecordingJob j : jobs.jobs()) {
            j.retry(false);
        }
    }

    private void retryFailedRound() {
        List<RecordingJob> failed = new ArrayList<>();
        for (RecordingJob j : jobs.jobs()) {
            if (j.state() == JobState.FAILED) {
                failed.add(j);
            }
        }
        recovery.retryFailed(failed);
    }

    /**
     * Caps the bytes per second that all uploads of this engine send together, from now on:
     * uploads running now (and their draws waiting now) take the new cap at once. 0 removes the
     * cap. What the JMX operation calls; not kept across a restart (the property is read again).
     *
     * @throws IllegalArgumentException when negative, naming the fix
     */
    public void setMaxBytesPerSecond(long maxBytesPerSecond) {
        long was = context.bandwidth().maxBytesPerSecond();
        context.bandwidth().setMaxBytesPerSecond(maxBytesPerSecond);
        if (was != maxBytesPerSecond) {
            log.info("bandwidth cap changed from " + ByteRates.describe(was) + " to " + ByteRates.describe(maxBytesPerSecond));
        }
    }

    /** The bandwidth cap in force, bytes per second; 0 when there is none. */
    public long maxBytesPerSecond() {
        return context.bandwidth().maxBytesPerSecond();
    }

    /** The counts of {@link #snapshot()}, without the per-recording list. */
    public EngineStatus status() {
        return EngineViews.status(jobs.snapshot(), context, target != null, recovery.foreign());
    }

    /**
     * Every recording this engine holds and the counts, at one instant: the counts are derived from
     * the same ledger state as the list, so they always agree with it and with each other.
     */
    public EngineSnapshot snapshot() {
        JobLedger.Snapshot at = jobs.snapshot();
        EngineStatus status = EngineViews.status(at, context, target != null, recovery.foreign());
        EngineSnapshot.Mode mode = closed ? EngineSnapshot.Mode.STOPPED : target != null ? EngineSnapshot.Mode.RUNNING
                : targetProblem != null ? EngineSnapshot.Mode.JOURNAL_ONLY : EngineSnapshot.Mode.STARTING;
        String lastError = at.lastError != null ? at.lastError : targetProblem;
        return new EngineSnapshot(mode, context.uploadsPaused(), status, EngineViews.recordings(at, config.roots()),
                context.throughput().currentBytesPerSecond(), context.throughput().oneMinuteBytesPerSecond(), lastError,
                target == null ? null : target.fingerprint(), System.currentTimeMillis());
    }

    /**
     * Pauses uploading: no attempt starts until {@link #resume()}, and running uploads are paused
     * through their provider with their resume tokens journalled (a multipart upload keeps its
     * completed parts; an upload sent in one piece starts again at the resume). Recordings Wowza
     * finishes meanwhile are journalled and queued as usual. Lasts until resumed or the engine stops.
     */
    public void pause() {
        if (!context.pause()) {
            return;
        }
        int running = 0;
        for (RecordingJob j : jobs.jobs()) {
            if (j.state() == JobState.RUNNING) {
                running++;
                j.pauseForOperator();
            }
        }
        log.info("uploads paused by an operator (" + running + " running upload(s) paused); recordings are journalled"
                + " and wait for the resume");
    }

    /** Resumes uploading after {@link #pause()}: held recordings go to the workers, paused uploads continue. */
    public void resume() {
        int held = context.resume();
        if (held >= 0) {
            log.info("uploads resumed by an operator; " + held + " recording(s) were waiting");
        }
    }

    /**
     * An operator asks for one recording now, by its name (as {@link RecordingView#name()} shows
     * it) or its path: a failed one is retried, a waiting one (delay, backoff) is queued at once.
     *
     * @return what was done, in a sentence
     * @throws IllegalArgumentException no recording of this engine has that name or path
     */
    public String retry(String nameOrPath) {
        RecordingJob job = EngineViews.find(jobs.jobs(), nameOrPath, config.roots());
        if (job == null) {
            throw new IllegalArgumentException("no recording named '" + nameOrPath + "' waits in " + config.name()
                    + "; give a name as the recordings table lists it (or the recording's path)");
        }
        JobState was = job.retryNow();
        String name = EngineViews.name(job.recording(), config.roots());
        switch (was) {
            case FAILED: return "retrying " + name;
            case WAITING: return name + " was waiting for its next attempt; it is queued now";
            case QUEUED: return name + " is queued already" + (context.uploadsPaused() ? " (uploads are paused)" : "");
            case RUNNING: return name + " is uploading now";
            case AWAITING_REPORT: return name + " changed after Wowza reported it finished; it is uploaded once Wowza"
                    + " reports it finished again (or at the next start)";
            default: return name + " is done";
        }
    }

    /**
     * Stops within {@code s3UploadShutdownTimeout} in all: no new uploads, running ones paused (at
     * once, side by side) with their tokens kept, target closed. Whatever has not finished by then
     * stays journalled for the next start.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifications.stop();
        claims.unregister(config.owner(), taker);
        List<RecordingJob> mine = jobs.jobs();
        int paused = new BoundedStop(config, log, threads("s3upload-" + config.name() + "-stop"))
                .stop(recoveryThread, mine, scheduler, workers, target);
        for (RecordingJob j : mine) {
            release(j);
        }
        notifications.close(Math.min(500, config.shutdownTimeoutMillis()));
        if (target != null) {
            log.info("stopped; " + paused + " upload(s) paused and " + (mine.size() - paused)
                    + " recording(s) not finished stay journalled for the next start");
        }
    }

    boolean isClosed() {
        return closed;
    }

    JobContext context() {
        return context;
    }

    boolean isClaimed(Path claimPath) {
        return claims.isClaimed(claimPath);
    }

    UploadTarget target() {
        return target;
    }

    Claims claims() {
        return claims;
    }

    ExternalMarkers externalMarkers() {
        return externalMarkers;
    }

    ReportJournal reportJournal() {
        return journal;
    }

    boolean keysReserved() {
        return recovery.keysReserved();
    }

    /** Claims the job's recording and counts the job as this engine's; false if another job holds it. */
    boolean adopt(RecordingJob job) {
        if (claims.claim(job.claimPath(), job) != null) {
            return false;
        }
        jobs.add(job, job.state());
        return true;
    }

    void release(RecordingJob job) {
        jobs.remove(job);
        claims.release(job);
    }

    // ---- periodic -------------------------------------------------------------------------

    private void logStatus() {
        EngineStatus s = status();
        String line = s.toString();
        String comparable = line.replaceAll(" oldestPendingAgeSec=\\d+", "");
        if (s.idle() && comparable.equals(lastStatusLine)) {
            return;
        }
        lastStatusLine = comparable;
        log.info("status: " + line);
    }

    private void keepAlive() {
        if (!status().idle()) {
            try {
                keepAlive.run();
            } catch (RuntimeException e) {
                log.debug("keep-alive failed: " + e);
            }
        }
    }

    private static ThreadFactory threads(final String name) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A recording reported to an engine that could only journal it, kept for the hand-over. */
    private static final class Journalled {
        final Path recording;
        final String stream;

        Journalled(Path recording, String stream) {
            this.recording = recording;
            this.stream = stream;
        }
    }
}
