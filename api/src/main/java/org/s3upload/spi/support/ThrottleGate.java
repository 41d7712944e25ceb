package org.s3upload.spi.support;

import java.io.InterruptedIOException;
import java.util.HashSet;
import java.util.Set;
import org.s3upload.api.Throttle;
import org.s3upload.api.UploadRequest;

/**
 * One upload's way into its request's {@link Throttle}, and out of it when the upload stops: a
 * provider draws through the gate before it sends each piece, and its {@code pause()} and
 * {@code close()} call {@link #stop()}, which wakes every thread of the upload waiting in the
 * throttle (by interrupting it there, and only there: a thread reading or writing a file is never
 * interrupted by the gate) and makes every later draw fail at once. So a pause never waits for a
 * throttle that a low cap keeps closed for minutes.
 *
 * <p>Thread-safe: the parts of one upload may draw from many threads at once.
 */
public final class ThrottleGate {
    private final Throttle throttle;
    private final Set<Thread> waiting = new HashSet<>();
    private boolean stopped;

    public ThrottleGate(Throttle throttle) {
        if (throttle == null) {
            throw new IllegalArgumentException("throttle is null: use Throttle.UNLIMITED for no limit");
        }
        this.throttle = throttle;
    }

    /** The gate of {@code request}'s throttle. */
    public static ThrottleGate of(UploadRequest request) {
        return new ThrottleGate(request.throttle());
    }

    /**
     * Draws {@code bytes} from the throttle, blocking until they may be sent.
     *
     * @throws InterruptedIOException the upload was stopped (before or during the wait), or the thread
     *         was interrupted; the piece must not be sent. The thread's interrupt status is then set.
     */
    public void acquire(int bytes) throws InterruptedIOException {
        if (bytes <= 0) {
            return;
        }
        Thread self = Thread.currentThread();
        synchronized (this) {
            if (stopped) {
                throw stoppedException();
            }
            waiting.add(self);
        }
        boolean interrupted = false;
        try {
            throttle.acquire(bytes);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            synchronized (this) {
                waiting.remove(self);
                interrupted |= stopped;
            }
        }
        if (interrupted) {
            self.interrupt();
            throw stoppedException();
        }
    }

    /**
     * Ends the upload's draws: threads waiting in the throttle are interrupted and throw from
     * {@link #acquire}, and so does every later draw. Idempotent; never blocks.
     */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (Thread t : waiting) {
                t.interrupt();
            }
        }
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    private static InterruptedIOException stoppedException() {
        return new InterruptedIOException("interrupted while waiting for the bandwidth throttle: the upload was "
                + "paused or its target closed");
    }
}
