package org.s3upload.examples.webdav;

import java.io.Closeable;
import java.io.IOException;

/**
 * Lets another thread stop a blocking HTTP exchange: closing the socket is the only reliable way to
 * interrupt a thread blocked in a socket read or write. Thread-safe.
 */
final class CancelSwitch {
    private boolean cancelled;
    private Closeable current;

    /** Stops the current exchange, if any, and every later one. */
    void cancel() {
        Closeable c;
        synchronized (this) {
            cancelled = true;
            c = current;
            current = null;
        }
        closeQuietly(c);
    }

    synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Remembers the connection of the exchange in progress; closes it at once if already cancelled. */
    void attach(Closeable connection) {
        boolean close;
        synchronized (this) {
            close = cancelled;
            if (!close) {
                current = connection;
            }
        }
        if (close) {
            closeQuietly(connection);
        }
    }

    synchronized void detach(Closeable connection) {
        if (current == connection) {
            current = null;
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // the exchange fails with the socket's own exception, which the caller reports
        }
    }
}
