package org.s3upload.wowza;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.s3upload.wowza.engine.UploadEngine;

/**
 * What an operator asked for at run time (JMX, HTTP): pause or resume uploading, and a bandwidth
 * cap. The requests apply to the engine that runs now and to the one that takes over from the
 * starting engine, until the next application start.
 *
 * <p>Its lock is taken before the life cycle's, never after: a request and a hand-over are ordered,
 * so that no request reaches only the engine being replaced.
 */
final class OperatorRequests {
    /** What an operator asked of uploading. */
    private enum Uploading {
        /** Uploads run: nobody paused them, or they were resumed, or the application started again. */
        ON,
        /** Paused until resumed or the next start; recordings are still journalled. */
        PAUSED
    }

    /** No cap requested at run time: s3UploadMaxBytesPerSecond applies. */
    private static final long NO_CAP_REQUESTED = -1;

    private final Object lock = new Object();
    private final Supplier<UploadEngine> current;
    /** Guarded by lock. */
    private Uploading uploading = Uploading.ON;
    /** Bytes per second an operator set; NO_CAP_REQUESTED when none. Guarded by lock. */
    private long cap = NO_CAP_REQUESTED;

    /** With {@code current} the engine that takes recordings now (null when none); read under this lock. */
    OperatorRequests(Supplier<UploadEngine> current) {
        this.current = current;
    }

    /** At application start: uploading resumes and s3UploadMaxBytesPerSecond applies again. */
    void reset() {
        synchronized (lock) {
            uploading = Uploading.ON;
            cap = NO_CAP_REQUESTED;
        }
    }

    void pause() {
        synchronized (lock) {
            uploading = Uploading.PAUSED;
            UploadEngine e = current.get();
            if (e != null) {
                e.pause();
            }
        }
    }

    void resume() {
        synchronized (lock) {
            uploading = Uploading.ON;
            UploadEngine e = current.get();
            if (e != null) {
                e.resume();
            }
        }
    }

    /** @throws IllegalArgumentException when negative, naming the fix */
    void setMaxBytesPerSecond(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a bandwidth cap cannot be negative (" + bytesPerSecond
                    + " bytes per second): give a positive rate, or 0 for no cap");
        }
        synchronized (lock) {
            cap = bytesPerSecond;
            UploadEngine e = current.get();
            if (e != null) {
                e.setMaxBytesPerSecond(bytesPerSecond);
            }
        }
    }

    /**
     * Gives {@code next} what the operator asked for while the target was created, then runs
     * {@code handOver} (which installs it) without letting a request in between.
     *
     * @return what {@code handOver} returned
     */
    boolean applyAndHandOver(UploadEngine next, BooleanSupplier handOver) {
        synchronized (lock) {
            if (uploading == Uploading.PAUSED) {
                next.pause(); // paused while the target was created: before the hand-over queues anything
            }
            if (cap != NO_CAP_REQUESTED) {
                next.setMaxBytesPerSecond(cap);
            }
            return handOver.getAsBoolean();
        }
    }
}
