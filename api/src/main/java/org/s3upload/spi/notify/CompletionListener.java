package org.s3upload.spi.notify;

/**
 * Told when a recording was uploaded and proven ({@link CompletionEvent.Type#UPLOADED}) or when its
 * upload failed permanently ({@link CompletionEvent.Type#FAILED}). Implementations need a public
 * no-argument constructor; one instance serves one application instance (one module engine).
 *
 * <p><b>At least once.</b> An event is written to a durable journal before the module forgets the
 * recording, and handed to {@link #onEvent} from that journal until the call returns normally. A
 * crash, a restart or a failing listener delays an event, never loses it; the same event may
 * therefore arrive more than once (after a crash between your return and the module recording it,
 * or when recovery proves a recording again after a crash). Deduplicate by
 * {@link CompletionEvent#id()}: it is the same on every delivery of the same event.
 *
 * <p><b>Order.</b> Events of one application instance reach one listener in the order they were
 * journalled, one at a time: the next is handed over only after this one returned or was given up
 * ({@link EventRejectedException}). A listener that keeps failing holds back the events behind the
 * failing one (for that listener only; other listeners are not held back).
 *
 * <p><b>Threading.</b> Called on a thread of the module's own, never on Wowza's, and never on two
 * threads at once for the same listener instance. Different listeners run on different threads.
 *
 * <p><b>Failure.</b> Throw any exception to have the same event handed over again later, with
 * exponential backoff (the module's {@code s3UploadRetryInitialDelay} doubling up to
 * {@code s3UploadRetryMaxDelay}). Throw {@link EventRejectedException} when the event can never be
 * accepted (a receiver that refuses it as malformed): the module logs it, keeps a copy in the
 * journal's {@code dead-letter} folder, and goes on with the next event.
 *
 * <p><b>Do not block for ever.</b> Bound every network call with timeouts: while {@code onEvent}
 * runs, this listener receives nothing else, and when the application stops the module waits only
 * briefly before it interrupts the thread (the event stays journalled and comes again at the next
 * start). React to interruption by returning or throwing.
 */
public interface CompletionListener {

    /** Handles one event; returns normally once it is safely taken. */
    void onEvent(CompletionEvent event) throws Exception;

    /**
     * A stable name, unique among the listeners of one application: the module records under it
     * how far this listener has got in the journal. Defaults to the class name; change it only
     * together with the journal (a new name starts with the events still journalled).
     */
    default String name() {
        return getClass().getName();
    }
}
