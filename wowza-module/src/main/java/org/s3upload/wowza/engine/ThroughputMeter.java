package org.s3upload.wowza.engine;

import java.util.function.LongSupplier;

/**
 * Bytes sent per second, over the last few seconds ("now") and the last minute: one bucket per
 * second of the last minute, in a ring. Averages divide by the time covered, which is shorter than
 * the window only in the engine's first minute.
 */
final class ThroughputMeter {
    static final int WINDOW_SECONDS = 60;
    /** "Current" throughput: the last five whole seconds, long enough to smooth a part boundary. */
    static final int CURRENT_SECONDS = 5;

    private final LongSupplier clockMillis;
    private final long startSecond;
    private final long[] buckets = new long[WINDOW_SECONDS];
    /** The second the newest bucket counts; older buckets are cleared as time moves on. */
    private long newestSecond;

    ThroughputMeter(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.startSecond = clockMillis.getAsLong() / 1000;
        this.newestSecond = startSecond;
    }

    synchronized void add(long bytes) {
        long now = advance();
        buckets[(int) (now % WINDOW_SECONDS)] += bytes;
    }

    /** Bytes per second over the last {@link #CURRENT_SECONDS} whole seconds. */
    synchronized long currentBytesPerSecond() {
        return average(CURRENT_SECONDS);
    }

    /** Bytes per second over the last minute. */
    synchronized long oneMinuteBytesPerSecond() {
        return average(WINDOW_SECONDS);
    }

    /** The average over the {@code seconds} whole seconds before the current one (which is still filling). */
    private long average(int seconds) {
        long now = advance();
        long covered = Math.min(seconds, now - startSecond);
        if (covered <= 0) {
            return 0;
        }
        long sum = 0;
        for (long s = now - covered; s < now; s++) {
            sum += buckets[(int) (s % WINDOW_SECONDS)];
        }
        return sum / covered;
    }

    /** Clears the buckets of seconds that passed without bytes; returns the current second. */
    private long advance() {
        long now = clockMillis.getAsLong() / 1000;
        if (now > newestSecond) {
            long from = Math.max(newestSecond + 1, now - WINDOW_SECONDS + 1);
            for (long s = from; s <= now; s++) {
                buckets[(int) (s % WINDOW_SECONDS)] = 0;
            }
            newestSecond = now;
        }
        return newestSecond;
    }
}
