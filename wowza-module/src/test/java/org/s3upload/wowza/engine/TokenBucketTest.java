package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bucket's arithmetic on a fake clock whose waits only move its time on, so the rates asserted
 * here are exact and no test depends on the wall clock. The two tests with real threads assert
 * only that a waiting draw ends (after a cap change or an interrupt), never how fast.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenBucketTest {
    private static final long MIB = 1 << 20;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** A clock that never waits: a wait moves its time on by the full amount (or is interrupted). */
    private static final class FakeClock implements TokenBucket.Clock {
        long now = 1_000 * SECOND;
        final List<Long> waits = new ArrayList<>();
        boolean interruptNextWait;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void await(Object monitor, long nanos) throws InterruptedException {
            assertThat(Thread.holdsLock(monitor)).as("waits hold the bucket's monitor").isTrue();
            if (interruptNextWait) {
                interruptNextWait = false;
                throw new InterruptedException();
            }
            waits.add(nanos);
            now += nanos;
        }

        long waited() {
            return waits.stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void uncappedDrawsNeverWait() throws Exception {
        FakeClock clock = new FakeClock();
        TokenBucket bucket = new TokenBucket(0, clock);
        for (int i = 0; i < 1000; i++) {
            bucket.acquire(1 << 20);
        }
        assertThat(clock.waits).isEmpty();
        assertThat(bucket.maxBytesPerSecond()).isZero();
    }

    @Test
    void aCappedBucketPassesItsRateAfterOneBurst() throws Exception {
        FakeClock clock = new FakeClock();
        long rate = 10 * MIB;
        TokenBucket bucket = new TokenBucket(rate, clock);
        long burst = (long) (rate * TokenBucket.BURST_SECONDS);
        long drawn = 0;
        while (drawn < 200 * MIB) {
            bucket.acquire(128 * 1024);
            drawn += 128 * 1024;
        }
        // 200 MiB at 10 MiB/s is 20 s, less the burst the full bucket lets through at once.
        long expected = (long) ((drawn - burst) * 1e9 / rate);
        assertThat(clock.waited()).isBetween(expected - TimeUnit.MILLISECONDS.toNanos(1), expected + TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void anIdleBucketHoldsOneBurstNotTheTimeItWasIdle() throws Exception {
        FakeClock clock = new FakeClock();
        long rate = 1_000_000;
        TokenBucket bucket = new TokenBucket(rate, clock);
        long burst = (long) (rate * TokenBucket.BURST_SECONDS);
        bucket.acquire((int) burst);
        assertThat(clock.waits).as("a full bucket lets its burst through").isEmpty();
        clock.now += 3600 * SECOND;
        bucket.acquire((int) burst);
        assertThat(clock.waits).as("refilled to one burst after an hour").isEmpty();
        bucket.acquire(500_000);
        assertThat(clock.waited()).as("beyond the burst, draws wait for their bytes").isEqualTo(SECOND / 2);
    }

    @Test
    void aDrawLargerThanTheBucketWaitsForTheRest() throws Exception {
        FakeClock clock = new FakeClock();
        TokenBucket bucket = new TokenBucket(1000, clock);
        bucket.acquire(250); // the whole burst
        bucket.acquire(64 * 1024);
        assertThat(clock.waited()).isEqualTo(65_536L * SECOND / 1000);
    }

    @Test
    void aNewCapAppliesToTheNextDraws() throws Exception {
        FakeClock clock = new FakeClock();
        TokenBucket bucket = new TokenBucket(1_000_000, clock);
        bucket.acquire(250_000); // the burst
        bucket.acquire(1_000_000);
        assertThat(clock.waited()).isEqualTo(SECOND);
        bucket.setMaxBytesPerSecond(4_000_000);
        assertThat(bucket.maxBytesPerSecond()).isEqualTo(4_000_000);
        clock.waits.clear();
        bucket.acquire(1_000_000);
        assertThat(clock.waited()).as("the bucket keeps its (empty) level; 1 MB at 4 MB/s").isEqualTo(SECOND / 4);
        bucket.setMaxBytesPerSecond(0);
        clock.waits.clear();
        bucket.acquire(100_000_000);
        assertThat(clock.waits).as("no cap").isEmpty();
        bucket.setMaxBytesPerSecond(1_000_000);
        bucket.acquire(250_000);
        assertThat(clock.waits).as("a cap set again starts with a full bucket").isEmpty();
    }

    @Test
    void anInterruptedDrawGivesItsBytesBack() throws Exception {
        FakeClock clock = new FakeClock();
        TokenBucket bucket = new TokenBucket(1000, clock);
        bucket.acquire(250); // empty now
        clock.interruptNextWait = true;
        assertThrows(InterruptedException.class, () -> bucket.acquire(10_000));
        clock.now += SECOND / 10;
        bucket.acquire(100);
        assertThat(clock.waits).as("the 100 bytes accrued since are there; the interrupted draw took none").isEmpty();
    }

    @Test
    void rejectsANegativeCapNamingTheFix() {
        TokenBucket bucket = new TokenBucket(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bucket.setMaxBytesPerSecond(-5));
        assertThat(e.getMessage()).contains("-5").contains("0 for no cap");
    }

    @Test
    void removingTheCapReleasesDrawsWaitingNow() throws Exception {
        TokenBucket bucket = new TokenBucket(1); // a 64 KiB draw would take 18 hours
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                bucket.acquire(64 * 1024);
                done.countDown();
            } catch (InterruptedException e) {
                // left undone: the assertion below fails
            }
        });
        t.start();
        awaitWaiting(t);
        bucket.setMaxBytesPerSecond(0);
        assertThat(done.await(30, TimeUnit.SECONDS)).as("the waiting draw went when the cap was removed").isTrue();
    }

    @Test
    void anInterruptEndsAWaitingDraw() throws Exception {
        TokenBucket bucket = new TokenBucket(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                bucket.acquire(64 * 1024);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        awaitWaiting(t);
        t.interrupt();
        t.join(30_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(2);
        }
    }
}
