package org.s3upload.wowza.jmx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;
import org.s3upload.wowza.engine.EngineSnapshot;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.engine.RecordingView;

/**
 * The MXBean of one application instance: reads a fresh snapshot per attribute (each attribute is
 * consistent in itself; {@link #getRecordings()} and the counts of one snapshot always agree), and
 * passes operations to the module. Every text leaves through the module's mask.
 */
final class UploadsBean implements ModuleS3UploadMXBean {
    private final UploadControls controls;

    UploadsBean(UploadControls controls) {
        this.controls = controls;
    }

    private EngineSnapshot snapshot() {
        return controls.snapshot();
    }

    private EngineStatus status() {
        EngineSnapshot s = snapshot();
        return s == null ? null : s.status();
    }

    /** A count of the current status; 0 while the module is not running. */
    private long fromStatus(ToLongFunction<EngineStatus> count) {
        EngineStatus s = status();
        return s == null ? 0 : count.applyAsLong(s);
    }

    @Override
    public String getState() {
        EngineSnapshot s = snapshot();
        if (s == null) {
            return EngineSnapshot.Mode.STOPPED.name();
        }
        return s.paused() && s.mode() == EngineSnapshot.Mode.RUNNING ? "PAUSED" : s.mode().name();
    }

    @Override
    public int getRecordingsPending() {
        EngineStatus s = status();
        return s == null ? 0 : s.waiting() + s.queued();
    }

    @Override
    public int getRecordingsUploading() {
        return (int) fromStatus(EngineStatus::inFlight);
    }

    @Override
    public int getRecordingsFailed() {
        return (int) fromStatus(EngineStatus::failed);
    }

    @Override
    public int getRecordingsReopened() {
        return (int) fromStatus(EngineStatus::reopened);
    }

    @Override
    public long getRecordingsCompleted() {
        return fromStatus(EngineStatus::completed);
    }

    @Override
    public long getBytesSent() {
        return fromStatus(EngineStatus::bytesSent);
    }

    @Override
    public long getCurrentBytesPerSecond() {
        EngineSnapshot s = snapshot();
        return s == null ? 0 : s.currentBytesPerSecond();
    }

    @Override
    public long getOneMinuteBytesPerSecond() {
        EngineSnapshot s = snapshot();
        return s == null ? 0 : s.oneMinuteBytesPerSecond();
    }

    @Override
    public long getOldestPendingAgeSeconds() {
        EngineSnapshot s = snapshot();
        if (s == null || s.status().oldestPendingSince() <= 0) {
            return 0;
        }
        return Math.max(0, (s.takenAt() - s.status().oldestPendingSince()) / 1000);
    }

    @Override
    public String getTargetFingerprint() {
        EngineSnapshot s = snapshot();
        return s == null || s.targetFingerprint() == null ? "" : controls.mask(s.targetFingerprint());
    }

    @Override
    public String getLastError() {
        EngineSnapshot s = snapshot();
        return s == null || s.lastError() == null ? "" : controls.mask(s.lastError());
    }

    @Override
    public List<RecordingRow> getRecordings() {
        EngineSnapshot s = snapshot();
        if (s == null) {
            return Collections.emptyList();
        }
        List<RecordingRow> rows = new ArrayList<>(s.recordings().size());
        for (RecordingView v : s.recordings()) {
            rows.add(RecordingRow.of(v, controls));
        }
        return rows;
    }

    @Override
    public String retryFailed() {
        int failed = getRecordingsFailed();
        controls.retryFailed();
        return failed + " failed recording(s) queued again";
    }

    @Override
    public String retry(String nameOrPath) {
        // An unknown name's message names it: masked like every other text that leaves the module.
        try {
            return controls.mask(controls.retry(nameOrPath));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(controls.mask(e.getMessage()));
        }
    }

    @Override
    public void pauseUploads() {
        controls.pause();
    }

    @Override
    public void resumeUploads() {
        controls.resume();
    }

    @Override
    public long getMaxBytesPerSecond() {
        return controls.maxBytesPerSecond();
    }

    @Override
    public void setMaxBytesPerSecond(long bytesPerSecond) {
        controls.setMaxBytesPerSecond(bytesPerSecond);
    }
}
