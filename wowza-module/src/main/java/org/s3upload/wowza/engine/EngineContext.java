package org.s3upload.wowza.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.s3upload.api.Throttle;
import org.s3upload.api.UploadTarget;

/** What the jobs see of their engine: its settings, pools and counters, and nothing else. */
final class EngineContext implements JobContext {
    private final UploadEngine engine;
    private final EngineSettings config;
    private final UploadTarget target;
    private final RemoteProof proof;
    private final UploadLog log;
    private final Claims claims;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final JobLedger ledger = new JobLedger();
    private final AtomicLong bytesSent = new AtomicLong();
    private final ThroughputMeter throughput = new ThroughputMeter(System::currentTimeMillis);
    private final Object pauseLock = new Object();
    /** Set by an operator; while set, jobs handed to the workers are held here instead. Guarded by pauseLock. */
    private boolean paused;
    private final Set<RecordingJob> held = new LinkedHashSet<>();
    private final long startedAt = System.currentTimeMillis();
    private final CompletionEvents completions;
    private final TokenBucket bandwidth;

    EngineContext(UploadEngine engine, EngineSettings config, UploadTarget target, UploadLog log, Claims claims,
                  ThreadPoolExecutor workers, ScheduledThreadPoolExecutor scheduler, CompletionEvents completions) {
        this.engine = engine;
        this.config = config;
        this.target = target;
        this.proof = target == null ? null : new RemoteProof(target);
        this.log = log;
        this.claims = claims;
        this.workers = workers;
        this.scheduler = scheduler;
        this.completions = completions;
        this.bandwidth = new TokenBucket(config.maxBytesPerSecond());
    }

    /** The engine's bandwidth cap, one bucket for all its uploads. */
    TokenBucket bandwidth() {
        return bandwidth;
    }

    @Override
    public Throttle throttle() {
        return bandwidth;
    }

    JobLedger ledger() {
        return ledger;
    }

    ThroughputMeter throughput() {
        return throughput;
    }

    /** From now on no attempt starts; returns false if uploads were paused already. */
    boolean pause() {
        synchronized (pauseLock) {
            boolean was = paused;
            paused = true;
            return !was;
        }
    }

    /** Lets the held jobs run; returns how many there were, or -1 if uploads were not paused. */
    int resume() {
        List<RecordingJob> release;
        synchronized (pauseLock) {
            if (!paused) {
                return -1;
            }
            paused = false;
            release = new ArrayList<>(held);
            held.clear();
        }
        for (RecordingJob job : release) {
            try {
                workers.execute(job);
            } catch (RejectedExecutionException e) {
                // stopping: the job stays journalled for the next start
            }
        }
        return release.size();
    }

    @Override
    public boolean uploadsPaused() {
        synchronized (pauseLock) {
            return paused;
        }
    }

    long bytesSent() {
        return bytesSent.get();
    }

    @Override
    public EngineSettings config() {
        return config;
    }

    @Override
    public UploadTarget target() {
        return target;
    }

    @Override
    public RemoteProof proof() {
        return proof;
    }

    @Override
    public UploadLog log() {
        return log;
    }

    @Override
    public Claims claims() {
        return claims;
    }

    @Override
    public Owner owner() {
        return config.owner();
    }

    @Override
    public ExternalMarkers externalMarkers() {
        return engine.externalMarkers();
    }

    @Override
    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public long startedAt() {
        return startedAt;
    }

    @Override
    public boolean keysReserved() {
        return engine.keysReserved();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable r, long delayMillis) {
        try {
            return scheduler.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    @Override
    public boolean execute(RecordingJob job) {
        synchronized (pauseLock) {
            if (paused) {
                held.add(job); // stays QUEUED; resume() hands it to the workers
                return true;
            }
        }
        try {
            workers.execute(job);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void sent(long bytes) {
        bytesSent.addAndGet(bytes);
        throughput.add(bytes);
    }

    @Override
    public void moved(RecordingJob job, JobState next, boolean uploaded) {
        ledger.moved(job, next, uploaded);
    }

    @Override
    public void attemptFailed(String message) {
        ledger.failed(message);
    }

    @Override
    public CompletionEvents completions() {
        return completions;
    }

    @Override
    public void finished(RecordingJob job) {
        engine.release(job);
        completions.notifications().wake(); // the marker is gone: what was journalled for it may go out
    }

    @Override
    public void followRename(Path renamed, Marker m) {
        ReportJournal journal = engine.reportJournal();
        Marker moved = journal.moved(renamed, m);
        if (!config.owner().id().equals(moved.owner())) {
            journal.writeMoved(renamed, moved);
            if (!claims.handTo(moved.owner(), MarkerFiles.markerOf(renamed))) {
                log.info("the marker of " + renamed + " moved with it; it belongs to " + moved.owner()
                        + ", which uploads it when it next starts");
            }
            return;
        }
        RecordingJob job = new RecordingJob(this, renamed, journal.isExternal(renamed), moved);
        if (!engine.adopt(job)) {
            return; // handled already, with a marker of its own
        }
        job.begin(0, true);
        if (engine.isClosed()) {
            engine.release(job);
        }
    }
}
