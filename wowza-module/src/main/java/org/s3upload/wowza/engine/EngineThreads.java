package org.s3upload.wowza.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine's threads, all daemons named {@code s3upload-<application>-<role>-<n>}: the bounded pool
 * of upload workers, the timer, and the threads of recovery and of the stop.
 */
final class EngineThreads {
    private EngineThreads() {
    }

    /** {@code s3UploadMaxConcurrentUploads} workers, idle ones ending after a minute; the queue is unbounded. */
    static ThreadPoolExecutor workers(EngineSettings config) {
        int n = config.maxConcurrentUploads();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(),
                named(config, "upload"));
        workers.allowCoreThreadTimeOut(true);
        return workers;
    }

    /** One timer thread; a cancelled task leaves it at once, and none runs after the shutdown. */
    static ScheduledThreadPoolExecutor timer(EngineSettings config) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named(config, "timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    static ThreadFactory named(EngineSettings config, String role) {
        final String name = "s3upload-" + config.name() + "-" + role;
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
