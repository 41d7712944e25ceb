package org.s3upload.wowza.engine;

import java.util.concurrent.TimeUnit;
import org.s3upload.api.Throttle;

/**
 * The engine's bandwidth cap: one token bucket that every upload of the engine draws from, so the
 * parts of all its uploads, on all their threads, share one rate. The rate can change at any time
 * ({@link #setMaxBytesPerSecond}); waiting draws then continue at the new rate at once, and all of
 * them go as soon as the cap is removed.
 *
 * <p>Tokens accrue at the rate up to a burst of a quarter of a second's worth, so an idle bucket
 * lets one short burst through and nothing more. A draw larger than what the bucket holds takes
 * what there is and waits for the rest (the bucket goes into debt), so pieces of any size work at
 * any rate; draws are served in the order they came, each waiting until the bytes before it and
 * its own have accrued. An interrupted draw gives its bytes back.
 *
 * <p>Uncapped (rate 0), a draw is one volatile read: no lock, no clock.
 */
public final class TokenBucket implements Throttle {
    /** How much of a second's worth the bucket holds: the largest burst after an idle spell. */
    static final double BURST_SECONDS = 0.25;
    /** Longest single wait before the state is looked at again (a rate change also wakes waiters). */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Time and waiting, injectable so tests need no wall clock. */
    interface Clock {
        long nanoTime();

        /** Waits on {@code monitor} (held by the caller) for up to {@code nanos}, or until notified. */
        void await(Object monitor, long nanos) throws InterruptedException;
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void await(Object monitor, long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
        }
    };

    private final Clock clock;
    /** Bytes per second; 0 means no cap. Written under the lock, read without it on the fast path. */
    private volatile long rate;
    // Cumulative byte counts, under the lock: a draw reserves the range after all earlier draws and
    // may go once the credit (accrued at the rate, at most one burst ahead of the reservations) covers it.
    private double reserved;
    private double credited;
    private double burst;
    private long lastRefill;

    /** A bucket capped at {@code maxBytesPerSecond}; 0 for no cap. */
    public TokenBucket(long maxBytesPerSecond) {
        this(maxBytesPerSecond, SYSTEM);
    }

    TokenBucket(long maxBytesPerSecond, Clock clock) {
        this.clock = clock;
        setMaxBytesPerSecond(maxBytesPerSecond);
    }

    /** The cap in bytes per second; 0 when there is none. */
    public long maxBytesPerSecond() {
        return rate;
    }

    /**
     * Changes the cap for every upload drawing from this bucket, including draws waiting now.
     *
     * @param maxBytesPerSecond bytes per second; 0 removes the cap
     * @throws IllegalArgumentException when negative
     */
    public synchronized void setMaxBytesPerSecond(long maxBytesPerSecond) {
        if (maxBytesPerSecond < 0) {
            throw new IllegalArgumentException("a bandwidth cap of " + maxBytesPerSecond
                    + " bytes per second is negative: give a positive rate, or 0 for no cap");
        }
        long now = clock.nanoTime();
        if (rate > 0) {
            refill(now);
        }
        long was = rate;
        rate = maxBytesPerSecond;
        burst = Math.max(1, maxBytesPerSecond * BURST_SECONDS);
        lastRefill = now;
        if (maxBytesPerSecond == 0 || was == 0) {
            // Uncapped, nothing was reserved: a new cap starts with a full bucket, and removing the
            // cap forgives every debt so that all waiting draws go.
            credited = reserved + burst;
        } else {
            credited = Math.min(credited, reserved + burst);
        }
        notifyAll();
    }

    @Override
    public void acquire(int bytes) throws InterruptedException {
        if (rate == 0 || bytes <= 0) {
            return;
        }
        synchronized (this) {
            if (rate == 0) {
                return;
            }
            refill(clock.nanoTime());
            reserved += bytes;
            double end = reserved;
            try {
                while (rate > 0 && credited < end) {
                    long nanos = (long) Math.ceil((end - credited) * 1e9 / rate);
                    clock.await(this, Math.max(1, Math.min(nanos, MAX_WAIT_NANOS)));
                    refill(clock.nanoTime());
                }
            } catch (InterruptedException e) {
                // These bytes will not be sent: the draws after this one need not wait for them.
                credited = Math.min(credited + bytes, reserved + burst);
                notifyAll();
                throw e;
            }
        }
    }

    private void refill(long now) {
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            credited = Math.min(reserved + burst, credited + elapsed * (double) rate / 1e9);
            lastRefill = now;
        }
    }

    @Override
    public String toString() {
        long r = rate;
        return r == 0 ? "no bandwidth cap" : "bandwidth cap " + r + " bytes/s";
    }
}
