package org.s3upload.wowza.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.s3upload.spi.notify.CompletionEvent;
import org.s3upload.spi.notify.CompletionListener;
import org.s3upload.spi.notify.EventRejectedException;
import org.s3upload.wowza.engine.Backoff;
import org.s3upload.wowza.engine.UploadLog;

/**
 * Hands the journal's events to one listener, in order, one at a time, on a thread of its own: the
 * listener's cursor moves past an event only once the listener took it (or refused it for good), so
 * a failure or a crash means the same event again, never a gap. After a failure the next try waits
 * with exponential backoff; a wake-up in between does not cut the wait short.
 */
final class Deliverer implements Runnable {
    /** Where the deliverer stands; every move is made under this object's lock. */
    private enum State {
        /** Nothing to do until woken. */
        IDLE,
        /** A run is submitted. */
        QUEUED,
        /** Delivering. */
        RUNNING,
        /** Delivering, and woken meanwhile: look again when done. */
        RUNNING_WOKEN,
        /** Waiting to retry a failed event. */
        BACKING_OFF,
        /** Closed. */
        STOPPED
    }

    private final CompletionListener listener;
    private final String name;
    private final NotificationJournal journal;
    private final Backoff backoff;
    private final UploadLog log;
    private final Runnable delivered;
    private final ScheduledThreadPoolExecutor thread;

    private State state = State.IDLE;
    // the deliverer thread's own
    private int failures;
    private String lastFailure;

    /** {@code delivered} runs after the cursor moved (the journal may prune). */
    Deliverer(CompletionListener listener, NotificationJournal journal, Backoff backoff, UploadLog log,
              Runnable delivered, ScheduledThreadPoolExecutor thread) {
        this.listener = listener;
        this.name = listener.name();
        this.journal = journal;
        this.backoff = backoff;
        this.log = log;
        this.delivered = delivered;
        this.thread = thread;
    }

    String name() {
        return name;
    }

    /** New events may be journalled: delivers them soon, unless a failed one is waiting for its retry. */
    void wake() {
        synchronized (this) {
            switch (state) {
                case IDLE:
                    state = State.QUEUED;
                    break;
                case RUNNING:
                    state = State.RUNNING_WOKEN;
                    return;
                default:
                    return;
            }
        }
        submit(0);
    }

    void stop() {
        synchronized (this) {
            state = State.STOPPED;
        }
    }

    @Override
    public void run() {
        synchronized (this) {
            if (state != State.QUEUED && state != State.BACKING_OFF) {
                return;
            }
            state = State.RUNNING;
        }
        long retryIn = deliverAll();
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            if (retryIn >= 0) {
                state = State.BACKING_OFF;
            } else if (state == State.RUNNING_WOKEN) {
                state = State.QUEUED;
                retryIn = 0;
            } else {
                state = State.IDLE;
                return;
            }
        }
        submit(retryIn);
    }

    /** Delivers until the journal is done for this listener (-1) or an event failed (the delay before retrying it). */
    private long deliverAll() {
        long cursor;
        try {
            cursor = journal.cursor(name);
        } catch (IOException e) {
            return failed("cannot read how far it has got: " + e);
        }
        NotificationJournal.Entry next;
        while ((next = journal.next(cursor)) != null) {
            if (isStopped()) {
                return -1;
            }
            byte[] body;
            CompletionEvent event;
            try {
                body = Files.readAllBytes(next.path);
                event = EventJson.read(body);
            } catch (IOException e) {
                return failed("cannot read " + next.path + ": " + e);
            } catch (IllegalArgumentException e) {
                if (!deadLetter(next, null, null, "it is not a readable event (" + e.getMessage() + ")")) {
                    return failed("cannot move unreadable event " + next.path + " to the dead-letter folder");
                }
                body = null;
                event = null;
            }
            try {
                if (event != null) {
                    listener.onEvent(event);
                }
            } catch (EventRejectedException e) {
                if (!deadLetter(next, event, body, e.getMessage())) {
                    return failed("cannot keep refused event " + event.id() + " in the dead-letter folder");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            } catch (Exception | LinkageError e) {
                if (isStopped()) {
                    return -1; // interrupted by the stop: the event comes again at the next start
                }
                return failed("event " + event.id() + " (" + event.type().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + event.recording() + "): " + describe(e));
            }
            try {
                journal.advance(name, next.seq);
            } catch (IOException e) {
                return failed("delivered event " + next.seq + " but cannot record it (" + e + "); it may come again");
            }
            cursor = next.seq;
            if (failures > 0) {
                log.info("notification listener " + name + " is delivering again after " + failures + " failed attempt(s)");
            }
            failures = 0;
            lastFailure = null;
            delivered.run();
        }
        return -1;
    }

    private boolean deadLetter(NotificationJournal.Entry e, CompletionEvent event, byte[] body, String why) {
        try {
            java.nio.file.Path kept = journal.deadLetter(e, name, body != null ? body : Files.readAllBytes(e.path));
            log.error("notification listener " + name + (event == null ? " cannot take event " + e.path : " refused event " + event.id()
                    + " (" + event.type().name().toLowerCase(java.util.Locale.ROOT) + " " + event.recording() + ")")
                    + " for good: " + why + ". It is not retried; a copy is kept as " + kept, null);
            return true;
        } catch (IOException io) {
            return false;
        }
    }

    private long failed(String what) {
        failures++;
        long delay = backoff.delay(failures);
        String line = "notification listener " + name + " failed to take " + what + "; retrying in " + (delay + 999) / 1000
                + " s (attempt " + failures + "); later events wait behind it";
        if (failures == 1 || !what.equals(lastFailure)) {
            log.warn(line);
        } else {
            log.debug(line);
        }
        lastFailure = what;
        return delay;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getName() : m;
    }

    private synchronized boolean isStopped() {
        return state == State.STOPPED;
    }

    private void submit(long delayMillis) {
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            if (delayMillis > 0) {
                state = State.BACKING_OFF;
            }
        }
        try {
            thread.schedule(this, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: the events stay journalled for the next start
        }
    }
}
