package org.s3upload.api.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.s3upload.api.Progress;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.spi.support.AbstractUpload;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.ThrottleGate;

/** One upload of an {@link InMemoryUploadTarget}, run on the target's thread by {@link #run()}. */
final class InMemoryUpload extends AbstractUpload {

    /** Bytes drawn from the throttle at a time. */
    private static final int DRAW_PIECE = 64 * 1024;

    private enum State { RUNNING, STOPPED, SETTLED }

    private final InMemoryUploadTarget target;
    private final UploadRequest request;
    /** The partial upload the parts go to; null for a file sent in one piece. */
    private final InMemoryStore.Partial partial;
    private final long partSize;
    private final ThrottleGate throttle;
    private final Object lock = new Object();
    private State state = State.RUNNING;
    private volatile Progress progress;

    InMemoryUpload(InMemoryUploadTarget target, UploadRequest request, UploadListener listener,
            InMemoryStore.Partial partial, long partSize) {
        super(request.key(), listener);
        this.target = target;
        this.request = request;
        this.partial = partial;
        this.partSize = partSize;
        this.throttle = ThrottleGate.of(request);
        this.progress = new Progress(0, 0, 0);
    }

    /** Settles a resumed upload whose object was found complete, before it runs: nothing is sent. */
    void settleAsAlreadyComplete(long size, String md5) {
        progress = new Progress(0, size, size);
        UploadResult r = new UploadResult(request.key(), size, md5, 0);
        settle(() -> outcome().complete(r));
    }

    void publishToken() {
        notifyResumeToken(token());
    }

    private String token() {
        return InMemoryTokens.write(partial.uploadId, partial.key, partial.file);
    }

    void run() {
        try {
            target.beforeSending(request);
            byte[] data = partial == null ? sendInOnePiece() : sendParts();
            if (data != null) {
                commit(data);
            }
        } catch (UploadException e) {
            settle(() -> outcome().fail(e));
        } catch (java.io.InterruptedIOException e) {
            // Stopped while it waited for the throttle (then already settled as cancelled), or interrupted.
            settle(() -> outcome().fail(UploadException.retryable("upload of '" + request.key() + "' was interrupted", e)));
        } catch (IOException e) {
            settle(() -> outcome().fail(UploadException.permanent("cannot read local file " + request.file() + ": " + e, e)));
        } catch (RuntimeException e) {
            settle(() -> outcome().fail(UploadException.retryable("upload of '" + request.key() + "' failed: " + e, e)));
        }
    }

    private byte[] sendInOnePiece() throws IOException {
        byte[] data = Files.readAllBytes(request.file());
        draw(data.length);
        report(new Progress(data.length, 0, data.length));
        return isRunning() ? data : null;
    }

    /** Stores every part the partial upload lacks; returns the whole object, or null once stopped. */
    private byte[] sendParts() throws IOException {
        long total = partial.file.size();
        int parts = (int) ((total + partSize - 1) / partSize);
        long sent = 0;
        long done = 0;
        for (int n = 1; n <= parts; n++) {
            done += partial.part(n).map(b -> (long) b.length).orElse(0L);
        }
        report(new Progress(0, done, total));
        try (FileChannel in = FileChannel.open(request.file(), StandardOpenOption.READ)) {
            for (int n = 1; n <= parts; n++) {
                if (partial.part(n).isPresent()) {
                    continue;
                }
                if (!isRunning()) {
                    return null;
                }
                long offset = (n - 1) * partSize;
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(partSize, total - offset));
                while (buf.hasRemaining() && in.read(buf, offset + buf.position()) >= 0) {
                    // read the part whole
                }
                draw(buf.capacity());
                partial.putPart(n, buf.array());
                sent += buf.capacity();
                done += buf.capacity();
                report(new Progress(sent, done, total));
            }
        }
        if (!isRunning()) {
            return null;
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream((int) total);
        for (int n = 1; n <= parts; n++) {
            whole.write(partial.part(n).orElseThrow(() -> new IOException("part vanished from the in-memory store")));
        }
        return whole.toByteArray();
    }

    /** Checks the MD5, makes the object visible at its key whole, and proves it is still ours. */
    private void commit(byte[] data) throws UploadException {
        String md5 = Checksums.hex(Checksums.newMd5().digest(data));
        if (request.md5().isPresent() && !request.md5().get().equals(md5)) {
            throw UploadException.permanent("the md5 given for " + request.file() + " (" + request.md5().get()
                    + ") differs from that of the bytes read (" + md5 + "); nothing was stored at '" + request.key() + "'");
        }
        InMemoryStore store = target.storeForUploads();
        byte[] stored;
        synchronized (lock) {
            if (state != State.RUNNING) {
                return;
            }
            stored = store.put(request.key(), data, new InMemoryStore.StoredAttributes(
                    request.contentType().orElse(null), request.metadata()));
            if (partial != null) {
                store.removePartial(partial.uploadId);
            }
        }
        if (store.objects().get(request.key()) != stored) {
            throw UploadException.retryable("the object at '" + request.key()
                    + "' was replaced by another upload before this one could verify it", null);
        }
        long sent = progress.bytesSent();
        report(new Progress(sent, data.length, data.length));
        UploadResult r = new UploadResult(request.key(), data.length, md5, sent);
        settle(() -> outcome().complete(r));
    }

    /** Draws {@code bytes} from the request's throttle in pieces, as a socket write would. */
    private void draw(int bytes) throws IOException {
        for (int left = bytes; left > 0; left -= DRAW_PIECE) {
            throttle.acquire(Math.min(left, DRAW_PIECE));
        }
    }

    private void report(Progress p) {
        progress = p;
        notifyProgress(p);
    }

    private boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING;
        }
    }

    private void settle(Runnable how) {
        synchronized (lock) {
            if (state != State.RUNNING) {
                return;
            }
            state = State.SETTLED;
        }
        how.run();
    }

    /** Stops a running upload (pause, close): it ends cancelled, its partial upload stays. False if it had ended. */
    boolean stop(String why) {
        synchronized (lock) {
            if (state != State.RUNNING) {
                return false;
            }
            state = State.STOPPED;
        }
        throttle.stop();
        outcome().cancel(why);
        return true;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public Optional<String> resumeToken() {
        return partial == null ? Optional.empty() : Optional.of(token());
    }

    @Override
    public Optional<String> pause() {
        target.beforePause(request.key());
        if (!stop("paused")) {
            return Optional.empty();
        }
        return resumeToken();
    }
}
