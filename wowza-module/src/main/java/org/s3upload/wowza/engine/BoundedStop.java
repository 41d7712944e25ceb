package org.s3upload.wowza.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.s3upload.api.UploadTarget;

/**
 * An engine's stop, bounded as a whole by {@code s3UploadShutdownTimeout}: each step gets what is
 * left of one deadline, and the slow ones (pausing uploads, closing the target) run side by side
 * on threads of their own, so a provider slow to pause cannot hold Wowza's stop for long. What is
 * not done by the deadline goes on in the background; every recording stays journalled.
 */
final class BoundedStop {
    private final EngineSettings config;
    private final UploadLog log;
    private final ThreadFactory threads;

    BoundedStop(EngineSettings config, UploadLog log, ThreadFactory threads) {
        this.config = config;
        this.log = log;
        this.threads = threads;
    }

    /** Stops everything; returns how many uploads were running (and are paused). */
    int stop(Thread recovery, List<RecordingJob> jobs, ScheduledThreadPoolExecutor scheduler, ThreadPoolExecutor workers,
             UploadTarget target) {
        long deadline = System.currentTimeMillis() + config.shutdownTimeoutMillis();
        if (recovery != null) {
            recovery.interrupt();
            join(recovery, deadline);
        }
        int running = 0;
        List<Thread> pausing = new ArrayList<>();
        for (RecordingJob j : jobs) {
            if (j.state() == JobState.RUNNING) {
                running++;
            }
            Runnable pause = j.stop();
            if (pause != null) {
                pausing.add(started(pause));
            }
        }
        for (Thread t : pausing) {
            join(t, deadline);
        }
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(remaining(deadline), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (target != null) {
            Thread t = started(() -> {
                try {
                    target.close();
                } catch (RuntimeException e) {
                    log.warn("closing the upload target failed: " + e);
                }
            });
            join(t, deadline);
            if (t.isAlive()) {
                log.warn("the upload target did not close within s3UploadShutdownTimeout ("
                        + config.shutdownTimeoutMillis() + " ms); it goes on closing in the background");
            }
        }
        return running;
    }

    private Thread started(Runnable r) {
        Thread t = threads.newThread(r);
        t.start();
        return t;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.currentTimeMillis());
    }

    private static void join(Thread t, long deadline) {
        try {
            long left = remaining(deadline);
            if (left > 0) {
                t.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
