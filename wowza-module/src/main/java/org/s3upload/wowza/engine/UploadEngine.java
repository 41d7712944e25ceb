package org.s3upload.wowza.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.s3upload.api.UploadTarget;
import org.s3upload.wowza.notify.Notifications;

/**
 * Uploads finished recordings reliably: journals each one in a marker next to it, uploads on a
 * bounded pool of its own threads with retry and backoff, verifies the remote object before it
 * forgets a recording, and picks up every marker of its own left behind when it starts.
 *
 * <p>Thread-safe. {@link #onRecordingFinished} only writes the marker and hands over: it is meant
 * to be called on the host's (Wowza's) thread and never does network I/O.
 *
 * <p>The engine's public face: finish reports go to {@link ReportIntake}, the operator's controls
 * to {@link OperatorControls}, the views to {@link EngineMonitor}; each recording is a {@link RecordingJob}.
 */
public final class UploadEngine implements Closeable {
    private final EngineSettings config;
    private final UploadTarget target;
    private final UploadLog log;
    private final Runnable keepAlive;
    private final Claims claims;
    private final ExternalMarkers externalMarkers;
    private final ReportJournal journal;
    private final Recovery recovery;
    private final EngineContext context;
    /** The jobs this engine owns, where each stands, and the uploaded count: {@link EngineContext#ledger()}. */
    private final JobLedger jobs;
    private final Consumer<Path> taker;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private volatile boolean closed;
    private volatile Thread recoveryThread;
    private final Notifications notifications;
    private final ReportIntake intake;
    private final OperatorControls controls;
    private final EngineMonitor monitor;

    private UploadEngine(EngineSettings config, UploadTarget target, String targetProblem, UploadLog log,
                         Runnable keepAlive, Claims claims) {
        this.config = config;
        this.target = target;
        this.log = log;
        this.keepAlive = keepAlive;
        this.claims = claims;
        this.externalMarkers = new ExternalMarkers(config.roots().get(0), config.owner().id());
        this.recovery = new Recovery(this, config, log);
        this.taker = recovery::take;
        this.workers = EngineThreads.workers(config);
        this.scheduler = EngineThreads.timer(config);
        this.notifications = target == null ? Notifications.none() : openNotifications(config, log);
        this.context = new EngineContext(this, config, target, log, claims, workers, scheduler,
                new CompletionEvents(config, notifications));
        this.journal = new ReportJournal(config, log, externalMarkers, context);
        this.jobs = context.ledger();
        this.intake = new ReportIntake(this, context, journal, targetProblem);
        this.controls = new OperatorControls(context);
        this.monitor = new EngineMonitor(this, context, targetProblem, recovery);
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
        intake.handOverTo(next);
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
            scheduler.scheduleWithFixedDelay(monitor::logStatus, status, status, TimeUnit.MILLISECONDS);
        }
        long touch = config.keepAliveIntervalMillis();
        if (touch > 0 && keepAlive != null) {
            scheduler.scheduleWithFixedDelay(() -> monitor.keepAlive(keepAlive), touch, touch, TimeUnit.MILLISECONDS);
        }
        long rescan = config.rescanIntervalMillis();
        if (rescan > 0) {
            scheduler.scheduleWithFixedDelay(recovery::rescan, rescan, rescan, TimeUnit.MILLISECONDS);
        }
        long retry = config.failedRetryIntervalMillis();
        if (retry > 0) {
            scheduler.scheduleWithFixedDelay(this::retryFailedRound, retry, retry, TimeUnit.MILLISECONDS);
        }
        Thread t = EngineThreads.named(config, "recovery").newThread(recovery::atStart);
        recoveryThread = t;
        t.start();
    }

    /**
     * Wowza finished writing {@code file} from {@code stream} (may be null). Writes the marker
     * durably and schedules the upload; returns without network I/O. A recording that cannot be
     * read now is journalled too: its upload finds out what it holds.
     */
    public void onRecordingFinished(Path file, String stream) {
        intake.report(file, stream);
    }

    /** Puts every permanently failed recording back in the queue (after an operator fixed the cause). */
    public void retryFailed() {
        controls.retryFailed();
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
        controls.setMaxBytesPerSecond(maxBytesPerSecond);
    }

    /** The bandwidth cap in force, bytes per second; 0 when there is none. */
    public long maxBytesPerSecond() {
        return controls.maxBytesPerSecond();
    }

    /** The counts of {@link #snapshot()}, without the per-recording list. */
    public EngineStatus status() {
        return monitor.status();
    }

    /**
     * Every recording this engine holds and the counts, at one instant: the counts are derived from
     * the same ledger state as the list, so they always agree with it and with each other.
     */
    public EngineSnapshot snapshot() {
        return monitor.snapshot();
    }

    /**
     * Pauses uploading: no attempt starts until {@link #resume()}, and running uploads are paused
     * through their provider with their resume tokens journalled (a multipart upload keeps its
     * completed parts; an upload sent in one piece starts again at the resume). Recordings Wowza
     * finishes meanwhile are journalled and queued as usual. Lasts until resumed or the engine stops.
     */
    public void pause() {
        controls.pause();
    }

    /** Resumes uploading after {@link #pause()}: held recordings go to the workers, paused uploads continue. */
    public void resume() {
        controls.resume();
    }

    /**
     * An operator asks for one recording now, by its name (as {@link RecordingView#name()} shows
     * it) or its path: a failed one is retried, a waiting one (delay, backoff) is queued at once.
     *
     * @return what was done, in a sentence
     * @throws IllegalArgumentException no recording of this engine has that name or path
     */
    public String retry(String nameOrPath) {
        return controls.retry(nameOrPath);
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
        int paused = new BoundedStop(config, log, EngineThreads.named(config, "stop"))
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
}
