package org.s3upload.wowza;

import com.wowza.wms.application.IApplicationInstance;
import com.wowza.wms.module.ModuleBase;
import org.s3upload.api.UploadTarget;
import org.s3upload.wowza.engine.EngineSnapshot;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.engine.UploadEngine;

/**
 * The Wowza module: uploads every recording the application finishes to the configured
 * {@link UploadTarget}. Add it to an application's {@code <Modules>}; Wowza calls
 * {@link #onAppStart} and {@link #onAppStop} (found by reflection).
 *
 * <p>Nothing here blocks Wowza: the start only reads configuration (no network I/O; the target is
 * created on a thread of the module's, see {@link TargetStartup}), and recordings are handed to the
 * engine's own threads. The life cycle is {@link ModuleLifecycle}'s; what operators ask for at run
 * time, {@link OperatorRequests}'.
 */
public class ModuleS3Upload extends ModuleBase {
    private final ModuleLifecycle lifecycle = new ModuleLifecycle();
    private final RecordingListener listener = new RecordingListener(lifecycle);

    public void onAppStart(IApplicationInstance instance) {
        lifecycle.start(instance, new InstanceControls(this, lifecycle::mask));
        if (lifecycle.firstStartOf(instance)) {
            instance.addMediaWriterListener(listener);
        }
    }

    /**
     * Stops the engine within s3UploadShutdownTimeout. The writer listener stays registered: a
     * recording Wowza finishes while or after the application stops is still journalled (its marker
     * written durably) and uploaded at the next start.
     */
    public void onAppStop(IApplicationInstance instance) {
        lifecycle.stop(instance);
    }

    /** What the module is doing now, for monitoring code (null before start). */
    public EngineStatus status() {
        UploadEngine e = lifecycle.engine();
        return e == null ? null : e.status();
    }

    /** Retries every recording that failed permanently, once an operator fixed the cause. */
    public void retryFailed() {
        UploadEngine e = lifecycle.engine();
        if (e != null) {
            e.retryFailed();
        }
    }

    /** Every recording the module holds, with the counts of the same instant (null before start). Unmasked. */
    public EngineSnapshot snapshot() {
        UploadEngine e = lifecycle.engine();
        return e == null ? null : e.snapshot();
    }

    /** Retries one recording by name or path now; see {@link UploadEngine#retry}. */
    public String retry(String nameOrPath) {
        UploadEngine e = lifecycle.engine();
        if (e == null) {
            throw new IllegalStateException("the application is not running; recordings are retried at its next start");
        }
        return e.retry(nameOrPath);
    }

    /**
     * Pauses uploading until {@link #resumeUploads()} or the next application start; see
     * {@link UploadEngine#pause()}. Recordings are still journalled meanwhile.
     */
    public void pauseUploads() {
        lifecycle.controls().pause();
    }

    public void resumeUploads() {
        lifecycle.controls().resume();
    }

    /**
     * Caps the bytes per second all uploads of this application instance send together, until the
     * next start (then s3UploadMaxBytesPerSecond applies again); 0 removes the cap.
     *
     * @throws IllegalArgumentException when negative, naming the fix
     */
    public void setMaxBytesPerSecond(long bytesPerSecond) {
        lifecycle.controls().setMaxBytesPerSecond(bytesPerSecond);
    }

    /** The bandwidth cap in force, bytes per second; 0 for none (or while not running). */
    public long maxBytesPerSecond() {
        UploadEngine e = lifecycle.engine();
        return e == null ? 0 : e.maxBytesPerSecond();
    }
}
