package org.s3upload.wowza.engine;

import org.s3upload.api.UploadTarget;

/**
 * What an engine shows of itself: the counts ({@link EngineStatus}), every recording at one instant
 * ({@link EngineSnapshot}), and the periodic status line, all from one {@link JobLedger} snapshot.
 */
final class EngineMonitor {
    private final UploadEngine engine;
    private final EngineContext context;
    private final UploadTarget target;
    private final String targetProblem;
    private final Recovery recovery;
    private final JobLedger jobs;
    private volatile String lastStatusLine = "";

    EngineMonitor(UploadEngine engine, EngineContext context, String targetProblem, Recovery recovery) {
        this.engine = engine;
        this.context = context;
        this.target = context.target();
        this.targetProblem = targetProblem;
        this.recovery = recovery;
        this.jobs = context.ledger();
    }

    /** See {@link UploadEngine#status()}. */
    EngineStatus status() {
        return EngineViews.status(jobs.snapshot(), context, target != null, recovery.foreign());
    }

    /** See {@link UploadEngine#snapshot()}. */
    EngineSnapshot snapshot() {
        JobLedger.Snapshot at = jobs.snapshot();
        EngineStatus status = EngineViews.status(at, context, target != null, recovery.foreign());
        EngineSnapshot.Mode mode = engine.isClosed() ? EngineSnapshot.Mode.STOPPED : target != null ? EngineSnapshot.Mode.RUNNING
                : targetProblem != null ? EngineSnapshot.Mode.JOURNAL_ONLY : EngineSnapshot.Mode.STARTING;
        String lastError = at.lastError != null ? at.lastError : targetProblem;
        return new EngineSnapshot(mode, context.uploadsPaused(), status, EngineViews.recordings(at, context.config().roots()),
                context.throughput().currentBytesPerSecond(), context.throughput().oneMinuteBytesPerSecond(), lastError,
                target == null ? null : target.fingerprint(), System.currentTimeMillis());
    }

    /** The periodic status line; an idle engine logs it again only when something but the age changed. */
    void logStatus() {
        EngineStatus s = status();
        String line = s.toString();
        String comparable = line.replaceAll(" oldestPendingAgeSec=\\d+", "");
        if (s.idle() && comparable.equals(lastStatusLine)) {
            return;
        }
        lastStatusLine = comparable;
        context.log().info("status: " + line);
    }

    /** Periodically: {@code keepAlive} runs while work is pending (Wowza: touch the application instance). */
    void keepAlive(Runnable keepAlive) {
        if (!status().idle()) {
            try {
                keepAlive.run();
            } catch (RuntimeException e) {
                context.log().debug("keep-alive failed: " + e);
            }
        }
    }
}
