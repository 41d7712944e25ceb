package org.s3upload.provider.filesystem;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.s3upload.api.Progress;
import org.s3upload.api.UploadListener;

/**
 * Blocks the upload's thread inside onProgress once bytesDone reaches a threshold, until released:
 * a deterministic point at which to look at (or tamper with) the files on disk.
 */
final class Stall implements UploadListener {
    private final long threshold;
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    final AtomicReference<String> token = new AtomicReference<>();
    final AtomicReference<Progress> first = new AtomicReference<>();

    Stall(long threshold) {
        this.threshold = threshold;
    }

    @Override
    public void onResumeToken(String t) {
        token.set(t);
    }

    @Override
    public void onProgress(Progress p) {
        first.compareAndSet(null, p);
        if (p.bytesDone() >= threshold && release.getCount() > 0) {
            stalled.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void awaitStalled() throws InterruptedException {
        if (!stalled.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the upload never reached " + threshold + " bytes done");
        }
    }

    boolean isStalled() {
        return stalled.getCount() == 0;
    }

    void release() {
        release.countDown();
    }
}
