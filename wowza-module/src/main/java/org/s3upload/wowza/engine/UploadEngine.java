package org.s3upload.wowza.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

/**
 * Uploads finished recordings reliably: journals each one in a marker next to it, uploads on a
 * bounded pool of its own threads with retry and backoff, verifies the remote object before it
 * forgets a recording, and picks up every marker of its own left behind when it starts.
 *
 * <p>Thread-safe. {@link #onRecordingFinished} only writes the marker and hands over: it is meant
 * to be called on the host's (Wowza's) thread and never does network I/O.
 */
public final class UploadEngine implements Closeable {
    private final EngineConfig config;
    private final UploadTarget target;
    private final String targetProblem;
    private final UploadLog log;
    private final Runnable keepAlive;
    private final Claims claims;
    private final ExternalMarkers externalMarkers;
    private final ReportJournal journal;
    private final Recovery recovery;
    private final EngineContext context;
    private final Set<RecordingJob> jobs = ConcurrentHashMap.newKeySet();
    private final Queue<Journalled> journalled = new ConcurrentLinkedQueue<>();
    private final Consumer<Path> taker;
    private volatile UploadEngine successor;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile boolean closed;
    private volatile Thread recoveryThread;
    private volatile String lastStatusLine = "";

    private UploadEngine(EngineConfig config, UploadTarget target, String targetProblem, UploadLog log,
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
        this.context = new EngineContext(this, config, target, log, claims, workers, scheduler);
        this.journal = new ReportJournal(config, log, externalMarkers, context);
    }

    /**
     * Starts an engine that uploads to {@code target} (closed with the engine) and begins
     * recovery of earlier markers on a thread of its own.
     *
     * @param keepAlive called periodically while work is pending (Wowza: touch the application instance)
     */
    public static UploadEngine start(EngineConfig config, UploadTarget target, UploadLog log, Runnable keepAlive) {
        return start(config, target, log, keepAlive, Claims.JVM);
    }

    static UploadEngine start(EngineConfig config, UploadTarget target, UploadLog log, Runnable keepAlive, Claims claims) {
        UploadEngine e = new UploadEngine(config, target, null, log, keepAlive, claims);
        e.startBackground();
        return e;
    }

    /**
     * Starts an engine that has no usable target: it journals every finished recording so that
     * it is uploaded once the configuration is fixed and the application restarted.
     */
    public static UploadEngine journalOnly(EngineConfig config, String problem, UploadLog log) {
        return new UploadEngine(config, null, problem, log, null, Claims.JVM);
    }

    /**
     * An engine that journals recordings while the real one is being started, and remembers them
     * for {@link #handOverTo}: it logs nothing per recording, since the hand-over follows.
     */
    public static UploadEngine starting(EngineConfig config, UploadLog log) {
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

    private void startBackground() {
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
        FileFingerprint fp;
        try {
            fp = FileFingerprint.of(recording);
        } catch (IOException e) {
            log.warn("recording " + recording + " was reported finished but cannot be read now (" + e + "); journalled"
                    + " anyway, and its upload reads it when it runs");
            fp = null;
        }
        String fileKey = fp == null ? null : LocalFile.key(recording);
        if (target == null || closed) {
            journal(recording, fp, fileKey, stream);
            return;
        }
        Path claimPath = LocalFile.claimPath(recording);
        for (int i = 0; i < 10; i++) {
            Marker m = journal.initialMarker(recording, fp, fileKey, stream, target, !claims.isClaimed(claimPath));
            RecordingJob job = new RecordingJob(context, recording, journal.isExternal(recording), m);
            RecordingJob existing = claims.claim(job.claimPath(), job);
            if (existing == null) {
                jobs.add(job);
                if (closed) {
                    // close() may have taken its snapshot of jobs already: leave no claim behind
                    release(job);
                    journal(recording, fp, fileKey, stream);
                    return;
                }
                long due = config.delayMillis() <= 0 || fp == null ? config.delayMillis()
                        : Math.min(config.delayMillis(), fp.modifiedMillis() + config.delayMillis() - System.currentTimeMillis());
                job.begin(Math.max(0, due), true);
                log.info("recording " + recording + " finished" + (stream != null ? " (stream " + stream + ")" : "")
                        + "; queued for upload" + (m.key() != null ? " -> " + m.key() : "")
                        + (due > 0 ? " in " + due + " ms" : ""));
                return;
            }
            if (existing.notified(fp, fileKey, stream)) {
                return;
            }
            claims.release(existing);
        }
        log.warn("recording " + recording + " is being handed over by another upload right now; journalled only");
        journal(recording, fp, fileKey, stream);
    }

    /** Without a target (or stopping): the marker only, for the hand-over or the next start. */
    private void journal(Path recording, FileFingerprint fp, String fileKey, String stream) {
        ReportJournal.Outcome out = journal.journalOnly(recording, fp, fileKey, stream);
        if (out == ReportJournal.Outcome.FAILED) {
            return;
        }
        journalled(recording, stream);
        if (out == ReportJournal.Outcome.UNCHANGED || targetProblem == null && !closed) {
            log.debug("recording " + recording + " journalled while the upload target starts");
            return;
        }
        log.warn("recording " + recording + " journalled but not uploaded: "
                + (closed ? "the application is stopping" : targetProblem)
                + "; it is uploaded at the next start" + (closed ? "" : " once the configuration works"));
    }

    /** Puts every permanently failed recording back in the queue (after an operator fixed the cause). */
    public void retryFailed() {
        for (RecordingJob j : jobs) {
            j.retry(false);
        }
    }

    private void retryFailedRound() {
        List<RecordingJob> failed = new ArrayList<>();
        for (RecordingJob j : jobs) {
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

    public EngineStatus status() {
        int waiting = 0;
        int queued = 0;
        int running = 0;
        int failed = 0;
        int reopened = 0;
        long oldest = 0;
        for (RecordingJob j : jobs) {
            JobState s = j.state();
            switch (s) {
                case WAITING: waiting++; break;
                case QUEUED: queued++; break;
                case RUNNING: running++; break;
                case FAILED: failed++; break;
                case AWAITING_REPORT: reopened++; break;
                default: continue;
            }
            if (s.pending()) {
                Marker m = j.marker();
                if (m != null && (oldest == 0 || m.finishedAt() < oldest)) {
                    oldest = m.finishedAt();
                }
            }
        }
        return new EngineStatus(waiting, queued, running, failed, context.completed(), context.bytesSent(), oldest,
                target != null, reopened, recovery.foreign());
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
        claims.unregister(config.owner(), taker);
        List<RecordingJob> mine = new ArrayList<>(jobs);
        int paused = new BoundedStop(config, log, threads("s3upload-" + config.name() + "-stop"))
                .stop(recoveryThread, mine, scheduler, workers, target);
        for (RecordingJob j : mine) {
            release(j);
        }
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
        jobs.add(job);
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
