package org.s3upload.wowza.notify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.s3upload.spi.notify.CompletionEvent;
import org.s3upload.spi.notify.CompletionListener;
import org.s3upload.wowza.engine.Backoff;
import org.s3upload.wowza.engine.UploadLog;

/**
 * Completion notifications of one application instance, at least once: {@link #journal} writes an
 * event durably (the engine calls it before it deletes the recording's marker), and one
 * {@link Deliverer} per listener hands the journalled events over in order, from the journal,
 * also those a crash or a stop left undelivered (replayed by {@link #start}).
 *
 * <p>The journal lives in {@code <storage dir>/.s3upload-notifications/<vhost>/<application>/<instance>/}
 * (see {@link NotificationJournal} for its files). Without listeners nothing is journalled.
 */
public final class Notifications {
    /** The folder under the storage directory that holds every application's notification journal. */
    public static final String FOLDER = ".s3upload-notifications";

    private static final Notifications NONE = new Notifications(null);

    private final NotificationJournal journal;
    private final List<Deliverer> deliverers = new ArrayList<>();
    private final List<ScheduledThreadPoolExecutor> threads = new ArrayList<>();
    private final UploadLog log;
    /** Why the journal cannot be written (then every {@link #journal} fails), or null. */
    private final String unwritable;

    private Notifications(String unwritable) {
        this.journal = null;
        this.log = null;
        this.unwritable = unwritable;
    }

    private Notifications(NotificationJournal journal, List<CompletionListener> listeners, Backoff backoff,
                          UploadLog log, String threadName) {
        this.journal = journal;
        this.log = log;
        this.unwritable = null;
        for (CompletionListener l : listeners) {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, threadName + "-" + l.name());
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            threads.add(t);
            deliverers.add(new Deliverer(l, journal, backoff, log, this::prune, t));
        }
    }

    /** Nobody listens: nothing is journalled. */
    public static Notifications none() {
        return NONE;
    }

    /**
     * Opens (creating it) the journal of application instance {@code vhost/application/instance}
     * under {@code storageDir}, for {@code listeners} (none: {@link #none()}).
     */
    public static Notifications open(Path storageDir, String vhost, String application, String instance,
                                     List<CompletionListener> listeners, Backoff backoff, UploadLog log) throws IOException {
        if (listeners.isEmpty()) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        for (CompletionListener l : listeners) {
            if (names.contains(l.name())) {
                throw new IllegalArgumentException("two notification listeners are both named '" + l.name()
                        + "'; each needs a name of its own (CompletionListener.name())");
            }
            names.add(l.name());
        }
        Path dir = journalDir(storageDir, vhost, application, instance);
        return new Notifications(new NotificationJournal(dir), listeners, backoff, log,
                "s3upload-" + application + "/" + instance + "-notify");
    }

    /**
     * Listeners are configured but their journal cannot be opened: every {@link #journal} fails, so
     * recordings keep their markers (and are proven and journalled again at a later start).
     */
    public static Notifications unwritable(String why) {
        return new Notifications(why);
    }

    /** Where the journal of an application instance lives. */
    public static Path journalDir(Path storageDir, String vhost, String application, String instance) {
        return storageDir.resolve(FOLDER).resolve(NotificationJournal.safe(vhost))
                .resolve(NotificationJournal.safe(application)).resolve(NotificationJournal.safe(instance));
    }

    /** True when someone listens: completions must be journalled. */
    public boolean enabled() {
        return journal != null || unwritable != null;
    }

    /** Starts delivering, beginning with whatever an earlier run left in the journal. */
    public void start() {
        for (Deliverer d : deliverers) {
            d.wake();
        }
    }

    /**
     * Journals {@code event} durably; returns once it is on disk. An event whose id is journalled
     * already (the same recording proven again after a crash) is not journalled twice. Delivery
     * begins at the next {@link #wake()}.
     *
     * @throws IOException when it cannot be written: the caller must keep what would otherwise be
     *     the only trace of the event (the recording's marker)
     */
    public void journal(CompletionEvent event) throws IOException {
        if (unwritable != null) {
            throw new IOException("the notification journal cannot be written (" + unwritable + ")");
        }
        if (journal == null) {
            return;
        }
        if (!journal.append(event.id(), EventJson.write(event)) && log != null) {
            log.debug("notification " + event.id() + " for " + event.recording() + " is journalled already");
        }
    }

    /** Delivers what is journalled (called once the engine has let go of the recording). */
    public void wake() {
        for (Deliverer d : deliverers) {
            d.wake();
        }
    }

    /** Stops handing out events (one being delivered finishes); returns at once. */
    public void stop() {
        for (Deliverer d : deliverers) {
            d.stop();
        }
        for (ScheduledThreadPoolExecutor t : threads) {
            t.shutdown();
        }
    }

    /** Stops the deliverers within about {@code waitMillis}; what is not delivered stays journalled. */
    public void close(long waitMillis) {
        stop();
        long deadline = System.currentTimeMillis() + Math.max(0, waitMillis);
        for (ScheduledThreadPoolExecutor t : threads) {
            try {
                if (!t.awaitTermination(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                    t.shutdownNow(); // interrupts a listener that is still busy; its event stays journalled
                }
            } catch (InterruptedException e) {
                t.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The journal's folder (null when disabled). */
    public Path dir() {
        return journal == null ? null : journal.dir();
    }

    /** The event files now in the journal, oldest first (delivered ones included until pruned). */
    public List<Path> eventFiles() {
        return journal == null ? Collections.<Path>emptyList() : journal.eventFiles();
    }

    private void prune() {
        long lowest = Long.MAX_VALUE;
        try {
            for (Deliverer d : deliverers) {
                lowest = Math.min(lowest, journal.cursor(d.name()));
            }
            journal.prune(lowest);
        } catch (IOException e) {
            log.debug("cannot prune the notification journal " + journal.dir() + ": " + e);
        }
    }
}
