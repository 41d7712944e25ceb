package org.s3upload.api.contract;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.s3upload.api.Throttle;

/**
 * A throttle for tests: it counts the bytes it grants and the size of the largest draw, and while
 * shut it blocks every draw until it is opened (or the drawing thread is interrupted). No clock is
 * involved, so tests built on it assert behaviour, never timing.
 */
public final class RecordingThrottle implements Throttle {
    private final AtomicLong granted = new AtomicLong();
    private final AtomicInteger largest = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger interrupted = new AtomicInteger();
    private final AtomicInteger nonPositive = new AtomicInteger();
    private final CountDownLatch opened;
    private final CountDownLatch someoneWaited = new CountDownLatch(1);

    private RecordingThrottle(boolean open) {
        this.opened = new CountDownLatch(open ? 0 : 1);
    }

    /** Grants every draw at once and counts it. */
    public static RecordingThrottle counting() {
        return new RecordingThrottle(true);
    }

    /** Blocks every draw until {@link #open()}. */
    public static RecordingThrottle shut() {
        return new RecordingThrottle(false);
    }

    @Override
    public void acquire(int bytes) throws InterruptedException {
        if (bytes <= 0) {
            nonPositive.incrementAndGet();
        }
        if (opened.getCount() > 0) {
            waiting.incrementAndGet();
            someoneWaited.countDown();
            try {
                opened.await();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            } finally {
                waiting.decrementAndGet();
            }
        }
        granted.addAndGet(bytes);
        largest.accumulateAndGet(bytes, Math::max);
    }

    /** Lets every waiting and later draw through. */
    public void open() {
        opened.countDown();
    }

    /** Bytes granted so far (draws that were interrupted are not counted). */
    public long granted() {
        return granted.get();
    }

    public int largestDraw() {
        return largest.get();
    }

    /** Draws of zero or fewer bytes (the contract asks for positive sizes). */
    public int nonPositiveDraws() {
        return nonPositive.get();
    }

    /** Threads blocked in {@link #acquire} right now. */
    public int waitingNow() {
        return waiting.get();
    }

    public int interruptedWaits() {
        return interrupted.get();
    }

    /** Waits until some thread has blocked in {@link #acquire}; false after the timeout. */
    public boolean awaitSomeoneWaiting(long millis) throws InterruptedException {
        return someoneWaited.await(millis, TimeUnit.MILLISECONDS);
    }
}
