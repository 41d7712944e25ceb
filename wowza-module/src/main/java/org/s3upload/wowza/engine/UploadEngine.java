package org.s3upload.wowza.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadTarget;

/**
 * Uploads finished recordings reliably: journals each one in a marker next to it, uploads on a
 * bounded pool of its own threads with retry and backoff, verifies the remote object before it
 * forgets a recording, and picks up every marker left behind when it starts.
 *
 * <p>Thread-safe. {@link #onRecordingFinished} only writes the marker and hands over: it is meant
 * to be called on the host's (Wowza's) thread and never does network I/O.
 */
public final class UploadEngine implements Closeable {
    /**
     * Recordings being handled anywhere in this JVM: two application instances that share a
     * storage directory must not upload the same recording twice at once.
     */
    private static final ConcurrentHashMap<Path, RecordingJob> CLAIMS = new ConcurrentHashMap<>();
    /** Keys chosen by versioning and not yet released, JVM-wide, so two recordings never pick the same one. */
    private static final ConcurrentHashMap<String, RecordingJob> KEYS = new ConcurrentHashMap<>();

    private final EngineConfig config;
    private final UploadTarget target;
    private final String targetProblem;
    private final UploadLog log;
    private final Runnable keepAlive;
    private final ExternalMarkers externalMarkers;
    private final Set<RecordingJob> jobs = ConcurrentHashMap.newKeySet();
    private final Queue<Journalled> journalled = new ConcurrentLinkedQueue<>();
    private volatile UploadEngine successor;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final long startedAt = System.currentTimeMillis();
    private volatile boolean closed;
    private volatile Thread recovery;
    private volatile String lastStatusLine = "";

    private UploadEngine(EngineConfig config, UploadTarget target, String targetProblem, UploadLog log,
                         Runnable keepAlive) {
        this.config = config;
        this.target = target;
        this.targetProblem = targetProblem;
        this.log = log;
        this.keepAlive = keepAlive;
        this.externalMarkers = new ExternalMarkers(config.roots().get(0));
        int n = config.maxConcurrentUploads();
        this.workers = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(),
                threads("s3upload-" + config.name() + "-upload"));
        this.workers.allowCoreThreadTimeOut(true);
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("s3upload-" + config.name() + "-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts an engine that uploads to {@code target} (closed with the engine) and begins
     * recovery of earlier markers on a thread of its own.
     *
     * @param keepAlive called periodically while work is pending (Wowza: touch the application instance)
     */
    public static UploadEngine start(EngineConfig config, UploadTarget target, UploadLog log, Runnable keepAlive) {
        UploadEngine e = new UploadEngine(config, target, null, log, keepAlive);
        e.startBackground();
        return e;
    }

    /**
     * Starts an engine that has no usable target: it journals every finished recording so that
     * it is uploaded once the configuration is fixed and the application restarted.
     */
    public static UploadEngine journalOnly(EngineConfig config, String problem, UploadLog log) {
        return new UploadEngine(config, null, problem, log, null);
    }

    /**
     * An engine that journals recordings while the real one is being started, and remembers them
     * for {@link #handOverTo}: it logs nothing per recording, since the hand-over follows.
     */
    public static UploadEngine starting(EngineConfig config, UploadLog log) {
        return new UploadEngine(config, null, null, log, null);
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
        long status = config.statusIntervalMillis();
        if (status > 0) {
            scheduler.scheduleWithFixedDelay(this::logStatus, status, status, TimeUnit.MILLISECONDS);
        }
        long touch = config.keepAliveIntervalMillis();
        if (touch > 0 && keepAlive != null) {
            scheduler.scheduleWithFixedDelay(this::keepAlive, touch, touch, TimeUnit.MILLISECONDS);
        }
        Thread t = threads("s3upload-" + config.name() + "-recovery").newThread(this::recover);
        recovery = t;
        t.start();
    }

    /**
     * Wowza finished writing {@code file} from {@code stream} (may be null). Writes the marker
     * durably and schedules the upload; returns without network I/O.
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
            log.warn("recording " + recording + " was reported finished but cannot be read (" + e + "); not uploading it");
            return;
        }
        if (target == null || closed) {
            journal(recording, fp, stream);
            return;
        }
        for (int i = 0; i < 10; i++) {
            Marker m = initialMarker(recording, fp, stream);
            RecordingJob job = new RecordingJob(this, recording, isExternal(recording), m);
            RecordingJob existing = CLAIMS.putIfAbsent(recording, job);
            if (existing == null) {
                jobs.add(job);
                if (closed) {
                    // close() may have taken its snapshot of jobs already: leave no claim behind
                    release(job);
                    journal(recording, fp, stream);
                    return;
                }
                long due = config.delayMillis() <= 0 ? 0
                        : Math.min(config.delayMillis(), fp.modifiedMillis() + config.delayMillis() - System.currentTimeMillis());
                job.begin(Math.max(0, due));
                log.info("recording " + recording + " finished" + (stream != null ? " (stream " + stream + ")" : "")
                        + "; queued for upload" + (m.key() != null ? " -> " + m.key() : "")
                        + (due > 0 ? " in " + due + " ms" : ""));
                return;
            }
            if (existing.notified(fp, stream)) {
                return;
            }
            CLAIMS.remove(recording, existing);
        }
        log.warn("recording " + recording + " is being handed over by another upload right now; journalled only");
        journal(recording, fp, stream);
    }

    private Marker initialMarker(Path recording, FileFingerprint fp, String stream) {
        Marker m = Marker.pending(fp, stream, System.currentTimeMillis());
        try {
            Marker old = MarkerFiles.read(MarkerFiles.markerOf(recording));
            if (old.size() >= 0 && old.describes(fp)) {
                // Reported again (after a restart, or journalled while the target started): keep the
                // chosen key, MD5 and token.
                m = old.retried().withStream(stream != null ? stream : old.stream());
            }
        } catch (IOException e) {
            // No marker yet (the normal case) or an unreadable one, which the new marker replaces.
        }
        if (m.key() == null && !config.versionFile() && target != null) {
            String key = config.keys().key(recording, stream, fp.modifiedMillis());
            if (org.s3upload.api.ObjectKeys.problem(key) == null) {
                m = m.withKey(key, target.providerId(), target.fingerprint());
            }
        }
        return m;
    }

    private void journal(Path recording, FileFingerprint fp, String stream) {
        Path marker = MarkerFiles.markerOf(recording);
        try {
            if (Files.exists(marker)) {
                Marker old = MarkerFiles.read(marker);
                if (old.size() >= 0 && old.describes(fp)) {
                    journalled(recording, stream);
                    return;
                }
            }
        } catch (IOException e) {
            // replaced below
        }
        try {
            MarkerFiles.write(marker, Marker.pending(fp, stream, System.currentTimeMillis()));
            if (isExternal(recording)) {
                externalMarkers.add(marker);
            }
            journalled(recording, stream);
            if (targetProblem == null && !closed) {
                log.debug("recording " + recording + " journalled while the upload target starts");
                return;
            }
            log.warn("recording " + recording + " journalled but not uploaded: "
                    + (closed ? "the application is stopping" : targetProblem)
                    + "; it is uploaded at the next start once the configuration works");
        } catch (IOException e) {
            log.error("cannot journal recording " + recording + " (" + e + "); it will not be uploaded automatically", e);
        }
    }

    /** Puts every permanently failed recording back in the queue (after an operator fixed the cause). */
    public void retryFailed() {
        for (RecordingJob j : jobs) {
            j.retry();
        }
    }

    public EngineStatus status() {
        int waiting = 0;
        int queued = 0;
        int running = 0;
        int failed = 0;
        long oldest = 0;
        for (RecordingJob j : jobs) {
            RecordingJob.Phase p = j.phase();
            switch (p) {
                case WAITING: waiting++; break;
                case QUEUED: queued++; break;
                case RUNNING: running++; break;
                case FAILED: failed++; break;
                default: continue;
            }
            if (p != RecordingJob.Phase.FAILED) {
                Marker m = j.marker();
                if (m != null && (oldest == 0 || m.finishedAt() < oldest)) {
                    oldest = m.finishedAt();
                }
            }
        }
        return new EngineStatus(waiting, queued, running, failed, completed.get(), bytesSent.get(), oldest,
                target != null);
    }

    /** Stops: no new uploads, running ones paused with their tokens kept, target closed; bounded in time. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Thread r = recovery;
        if (r != null) {
            r.interrupt();
            try {
                r.join(config.shutdownTimeoutMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<RecordingJob> mine = new ArrayList<>(jobs);
        int paused = 0;
        for (RecordingJob j : mine) {
            if (j.phase() == RecordingJob.Phase.RUNNING) {
                paused++;
            }
            j.stop();
        }
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(config.shutdownTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(Math.min(2_000, config.shutdownTimeoutMillis()), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (target != null) {
            try {
                target.close();
            } catch (RuntimeException e) {
                log.warn("closing the upload target failed: " + e);
            }
        }
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

    /** True when a recording other than {@code job}'s, handled anywhere in this JVM, uses {@code key}. */
    boolean keyBusyElsewhere(String key, RecordingJob job) {
        for (RecordingJob other : CLAIMS.values()) {
            if (other != job) {
                Marker m = other.marker();
                if (m != null && key.equals(m.key())) {
                    return true;
                }
            }
        }
        return false;
    }

    EngineConfig config() {
        return config;
    }

    UploadTarget target() {
        return target;
    }

    UploadLog log() {
        return log;
    }

    ExternalMarkers externalMarkers() {
        return externalMarkers;
    }

    ScheduledFuture<?> schedule(Runnable r, long delayMillis) {
        try {
            return scheduler.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    boolean execute(RecordingJob job) {
        try {
            workers.execute(job);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    void sent(long delta) {
        bytesSent.addAndGet(delta);
    }

    void completedOne() {
        completed.incrementAndGet();
    }

    void finished(RecordingJob job) {
        release(job);
    }

    private void release(RecordingJob job) {
        jobs.remove(job);
        CLAIMS.remove(job.recording(), job);
        KEYS.values().removeIf(j -> j == job);
    }

    boolean reserveKey(String key, RecordingJob job) {
        RecordingJob holder = KEYS.putIfAbsent(key, job);
        return holder == null || holder == job;
    }

    void releaseKey(String key, RecordingJob job) {
        KEYS.remove(key, job);
    }

    /** Wowza's recorder renamed a recording before its upload: the marker moves to the new name. */
    void adoptRenamed(Path renamed, Marker m) {
        Path recording = renamed.toAbsolutePath().normalize();
        RecordingJob job = new RecordingJob(this, recording, isExternal(recording), m.withKey(null, null, null).withToken(null));
        if (CLAIMS.putIfAbsent(recording, job) != null) {
            return;
        }
        jobs.add(job);
        if (closed) {
            release(job);
            journal(recording, new FileFingerprint(m.size(), m.mtime()), m.stream());
            return;
        }
        job.begin(0);
    }

    private boolean isExternal(Path recording) {
        for (Path root : config.roots()) {
            if (recording.startsWith(root)) {
                return false;
            }
        }
        return true;
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

    // ---- recovery -------------------------------------------------------------------------

    private void recover() {
        try {
            MarkerScan.Result scan = new MarkerScan(config.roots(), externalMarkers, log)
                    .run(CLAIMS::containsKey, () -> closed || Thread.currentThread().isInterrupted());
            if (scan == null) {
                return;
            }
            List<MarkerScan.Found> found = scan.found;
            if (!config.resumeUploads()) {
                found = new OwnIncompleteUploads(target, config.keys().prefix(), startedAt, log)
                        .abortAll(found, busyKeys());
            }
            int resumed = 0;
            for (MarkerScan.Found f : found) {
                if (closed) {
                    return;
                }
                if (resume(f)) {
                    resumed++;
                }
            }
            if (!found.isEmpty() || scan.corrupt > 0) {
                log.info("recovery: " + resumed + " unfinished recording(s) found in " + config.roots()
                        + (scan.legacy > 0 ? " (" + scan.legacy + " marker(s) of the original module)" : "")
                        + (scan.corrupt > 0 ? "; " + scan.corrupt + " unreadable marker(s) moved aside as *"
                                + MarkerFiles.CORRUPT_SUFFIX : "")
                        + "; uploading oldest first");
            }
        } catch (RuntimeException e) {
            log.error("recovery of unfinished uploads failed: " + e + "; they are picked up at the next start", e);
        }
    }

    /** Starts a job for a marker found at startup; false if the recording is already being handled. */
    private boolean resume(MarkerScan.Found f) {
        Path recording = MarkerFiles.recordingOf(f.marker).toAbsolutePath().normalize();
        Marker m = f.content.state() == Marker.State.FAILED ? f.content.retried() : f.content;
        RecordingJob job = new RecordingJob(this, recording, isExternal(recording), m);
        job.recovered();
        if (CLAIMS.putIfAbsent(recording, job) != null) {
            return false;
        }
        jobs.add(job);
        if (closed) {
            release(job);
            return false;
        }
        long due = 0;
        if (config.delayMillis() > 0 && m.mtime() > 0) {
            due = Math.max(0, Math.min(config.delayMillis(), m.mtime() + config.delayMillis() - System.currentTimeMillis()));
        }
        job.begin(due, m != f.content);
        return true;
    }

    /**
     * Keys being uploaded since this start (recovery runs alongside new recordings) or reserved by
     * versioning anywhere in this JVM: their incomplete uploads are not ours to abort.
     */
    private Predicate<String> busyKeys() {
        final Set<String> busy = new HashSet<>();
        for (RecordingJob j : jobs) {
            Marker m = j.marker();
            if (m != null && m.key() != null) {
                busy.add(m.key());
            }
        }
        return key -> busy.contains(key) || KEYS.containsKey(key);
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
}
