package org.s3upload.spi.notify;

/**
 * Thrown by {@link CompletionListener#onEvent} when the event can never be accepted (a receiver
 * that refuses it as malformed or forbidden): it is not retried. The module logs the message (keep
 * it free of secrets), keeps a copy of the event in the journal's {@code dead-letter} folder and
 * hands over the next event.
 */
public class EventRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public EventRejectedException(String message) {
        super(message);
    }

    public EventRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
