package org.s3upload.api;

/**
 * A limit on how fast uploads send bytes: before a provider puts a piece of a file's bytes on the
 * wire (or on the disk, for a filesystem), it draws that many bytes from the request's throttle
 * ({@link UploadRequest#throttle()}), and the draw blocks until the bytes may go. The caller owns
 * the throttle and decides the policy; the module gives every upload of one application the same
 * token bucket, so their parts, on however many threads, share one rate.
 *
 * <p><b>Who calls it, when.</b> The provider, on the thread that sends, immediately before it sends
 * each piece (after reading it from the file, before writing it to the socket), once for every
 * payload byte it sends: bytes a resume does not send are not drawn, and bytes a retry sends again
 * are drawn again. Request and response headers, listings and read-backs are not drawn.
 *
 * <p><b>Piece size.</b> Draw in pieces of at most 1 MiB, and preferably 4 to 256 KiB, as a socket
 * write goes: a throttle can only smooth what it is asked in small pieces, and one draw of a whole
 * 100 MiB part would hold that thread for the part's whole share of the rate and then let it go at
 * full speed. Never draw per byte.
 *
 * <p><b>Cost.</b> An implementation must return at once, without locking, while it does not limit:
 * every upload draws, capped or not, and {@link #UNLIMITED} is the default.
 *
 * <p><b>Interrupts, pause and close.</b> {@link #acquire} blocks interruptibly: an interrupted
 * waiter gets {@link InterruptedException}, and the bytes it asked for should not count as sent. A provider's {@link Upload#pause()} and {@link UploadTarget#close()} must not wait for
 * a draw to end: they interrupt the threads waiting in the throttle (or see that the draw is not
 * waited for), and the upload ends as paused. {@link org.s3upload.spi.support.ThrottleGate} does
 * exactly that for a provider.
 *
 * <p>Implementations are thread-safe: one throttle serves many uploads and threads at once.
 */
@FunctionalInterface
public interface Throttle {

    /** No limit: every draw returns at once. The default of every {@link UploadRequest}. */
    Throttle UNLIMITED = bytes -> { };

    /**
     * Blocks until {@code bytes} more bytes may be sent, then returns; they count as sent.
     *
     * @param bytes the size of the piece about to be sent; positive
     * @throws InterruptedException the waiting thread was interrupted; the piece must not be sent
     */
    void acquire(int bytes) throws InterruptedException;
}
