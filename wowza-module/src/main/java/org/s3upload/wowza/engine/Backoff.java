package org.s3upload.wowza.engine;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: attempt n waits about initial * 2^(n-1), capped, between half and all of it. */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;

    public Backoff(long initialMillis, long maxMillis) {
        if (initialMillis < 1 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 1 <= initial (" + initialMillis + ") <= max (" + maxMillis + ")");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
    }

    /** The largest delay before retry {@code attempt} (1-based). */
    public long ceiling(int attempt) {
        long d = initialMillis;
        for (int i = 1; i < attempt && d < maxMillis; i++) {
            d *= 2;
        }
        return Math.min(d, maxMillis);
    }

    /** A random delay in [ceiling/2, ceiling], so that many failures do not retry in lockstep. */
    public long delay(int attempt) {
        long c = ceiling(attempt);
        long half = c / 2;
        return half + ThreadLocalRandom.current().nextLong(c - half + 1);
    }
}
