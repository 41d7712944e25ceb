package org.s3upload.wowza.engine;

/**
 * What an operator does to a running engine (the JMX operations, {@code ModuleS3Upload}'s methods):
 * pause and resume uploading, retry recordings now, change the bandwidth cap. Each logs what it did.
 */
final class OperatorControls {
    private final EngineContext context;
    private final EngineSettings config;
    private final UploadLog log;
    private final JobLedger jobs;

    OperatorControls(EngineContext context) {
        this.context = context;
        this.config = context.config();
        this.log = context.log();
        this.jobs = context.ledger();
    }

    /** See {@link UploadEngine#retryFailed()}. */
    void retryFailed() {
        for (RecordingJob j : jobs.jobs()) {
            j.retry(false);
        }
    }

    /** See {@link UploadEngine#setMaxBytesPerSecond}. */
    void setMaxBytesPerSecond(long maxBytesPerSecond) {
        long was = context.bandwidth().maxBytesPerSecond();
        context.bandwidth().setMaxBytesPerSecond(maxBytesPerSecond);
        if (was != maxBytesPerSecond) {
            log.info("bandwidth cap changed from " + ByteRates.describe(was) + " to " + ByteRates.describe(maxBytesPerSecond));
        }
    }

    long maxBytesPerSecond() {
        return context.bandwidth().maxBytesPerSecond();
    }

    /** See {@link UploadEngine#pause()}. */
    void pause() {
        if (!context.pause()) {
            return;
        }
        int running = 0;
        for (RecordingJob j : jobs.jobs()) {
            if (j.state() == JobState.RUNNING) {
                running++;
                j.uploads().pauseForOperator();
            }
        }
        log.info("uploads paused by an operator (" + running + " running upload(s) paused); recordings are journalled"
                + " and wait for the resume");
    }

    /** See {@link UploadEngine#resume()}. */
    void resume() {
        int held = context.resume();
        if (held >= 0) {
            log.info("uploads resumed by an operator; " + held + " recording(s) were waiting");
        }
    }

    /** See {@link UploadEngine#retry(String)}. */
    String retry(String nameOrPath) {
        RecordingJob job = EngineViews.find(jobs.jobs(), nameOrPath, config.roots());
        if (job == null) {
            throw new IllegalArgumentException("no recording named '" + nameOrPath + "' waits in " + config.name()
                    + "; give a name as the recordings table lists it (or the recording's path)");
        }
        JobState was = retryNow(job);
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
     * A failed recording is retried, a waiting one (delay, backoff) goes to the queue at once.
     * Returns the state it was in.
     */
    private static JobState retryNow(RecordingJob job) {
        JobState was = job.state();
        if (was == JobState.FAILED) {
            if (!job.retry(false)) {
                return job.state();
            }
        } else if (was == JobState.WAITING) {
            job.schedule(0);
        }
        return was;
    }
}
