package org.s3upload.wowza.engine;

import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import org.s3upload.api.Throttle;
import org.s3upload.api.UploadTarget;

/** What a recording's job may ask of its engine; nothing else of the engine is visible to it. */
interface JobContext {
    EngineSettings config();

    UploadTarget target();

    /** The engine's bandwidth cap, which every upload draws from as it sends. */
    Throttle throttle();

    RemoteProof proof();

    UploadLog log();

    Claims claims();

    Owner owner();

    ExternalMarkers externalMarkers();

    boolean isClosed();

    /** When this engine started (epoch millis): a file last written before it is not written by this run. */
    long startedAt();

    /** False until recovery reserved every key its markers hold (versioning must not pick one of them). */
    boolean keysReserved();

    /** Runs {@code r} after the delay on the engine's timer; null when the engine is stopping. */
    ScheduledFuture<?> schedule(Runnable r, long delayMillis);

    /** Hands the job to a worker; false when the engine is stopping. */
    boolean execute(RecordingJob job);

    void sent(long bytes);

    /**
     * The job moved to {@code next} (uploaded: its upload was verified); called under the job's lock,
     * so that the engine's counts and the job's state change in one step.
     */
    void moved(RecordingJob job, JobState next, boolean uploaded);

    /** An attempt failed with {@code message} (as logged): the engine's last error. */
    void attemptFailed(String message);

    /** True while an operator paused uploading: no attempt starts, running uploads are paused. */
    boolean uploadsPaused();

    /** Where completion and permanent-failure notifications are journalled. */
    CompletionEvents completions();

    /** The job is over (DONE): the engine forgets it. */
    void finished(RecordingJob job);

    /**
     * Wowza's recorder renamed a recording before it was uploaded: {@code m} moves to {@code renamed}
     * durably (written there before the caller rewrites or deletes the old marker) and is uploaded by
     * its owner.
     */
    void followRename(Path renamed, Marker m);
}
