package org.s3upload.provider.filesystem;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.s3upload.internal.ContentTypes;
import org.s3upload.api.Progress;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.spi.support.AbstractUpload;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.spi.support.ThrottleGate;

/**
 * One copy of a local file into a hidden partial file beside its destination, chunk by chunk, each
 * chunk forced to the device and then recorded in the journal; at the end the partial is checked
 * against the source (size, then every byte while its MD5 is computed) and renamed into place.
 * Runs once on the target's executor.
 */
final class FilesystemUpload extends AbstractUpload implements Runnable {
    private static final int BUFFER = 1 << 20;
    /**
     * Bytes drawn from the request's throttle at a time, each piece copied just after its draw:
     * small enough for a cap to be smooth, large enough that uncapped copies stay in-kernel.
     */
    private static final int THROTTLE_PIECE = 1 << 20;

    private final FilesystemTarget target;
    private final UploadRequest request;
    private final PartialFiles files;
    private final FilesystemToken token;
    private final String tokenText;
    private final boolean fsync;
    private final ThrottleGate throttle;
    /** Null for a fresh upload, else the journal it continues from. */
    private final Journal resumeFrom;

    private final AtomicBoolean started = new AtomicBoolean();
    /** Counted down once the worker has let go of the partial files (after the outcome is settled). */
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile String stopReason = "paused";
    /** True once the partial state exists (or is being created), so the token is worth returning. */
    private volatile boolean stateExists;
    private volatile Progress progress;
    /** Set by the worker when the copy ends; the outcome is settled from them once it let go. */
    private volatile UploadResult result;
    private volatile UploadException failure;

    FilesystemUpload(FilesystemTarget target, UploadRequest request, PartialFiles files, FilesystemToken token,
                     UploadListener listener, Journal resumeFrom) {
        super(request.key(), listener);
        this.target = target;
        this.request = request;
        this.files = files;
        this.token = token;
        this.tokenText = token.toString();
        this.fsync = target.config().fsync();
        this.throttle = ThrottleGate.of(request);
        this.resumeFrom = resumeFrom;
        this.stateExists = resumeFrom != null;
        long done = resumeFrom == null ? 0 : Math.min(resumeFrom.chunksDone() * token.chunkSize(), token.source().size());
        this.progress = new Progress(0, done, token.source().size());
    }

    /** An upload found already complete on resume: nothing to send. */
    static FilesystemUpload completed(FilesystemTarget target, UploadRequest request, PartialFiles files,
                                      FilesystemToken token, String md5) {
        FilesystemUpload u = new FilesystemUpload(target, request, files, token, UploadListener.NONE, null);
        long size = token.source().size();
        u.started.set(true);
        u.progress = new Progress(0, size, size);
        u.result = new UploadResult(request.key(), size, md5, 0);
        u.outcome().complete(u.result);
        u.finished.countDown();
        return u;
    }

    PartialFiles files() {
        return files;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public Optional<String> resumeToken() {
        return stateExists ? Optional.of(tokenText) : Optional.<String>empty();
    }

    @Override
    public Optional<String> pause() {
        stop("paused");
        return result != null || failure != null ? Optional.<String>empty() : resumeToken();
    }

    /**
     * Asks the upload to stop after the chunk in progress (at once if it waits for its throttle); an
     * upload not yet started stops at once.
     */
    void stop(String reason) {
        if (isDone()) {
            return;
        }
        stopReason = reason;
        stopRequested = true;
        throttle.stop();
        if (started.compareAndSet(false, true)) {
            finishCancelled();
        }
    }

    /** Waits until the worker has let go of the partial files. */
    boolean awaitStopped(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            return; // stopped before it could start
        }
        try {
            result = copy();
        } catch (Stopped e) {
            // settled as cancelled below
        } catch (UploadException e) {
            failure = e;
        } catch (IOException e) {
            if (!stopRequested) { // else close() interrupted the copy; the journal is still consistent
                failure = FilesystemTarget.ioFailure("copying " + request.file() + " to key '" + key() + "'", e);
            }
        } catch (RuntimeException e) {
            failure = UploadException.permanent("unexpected failure copying " + request.file() + " to key '" + key()
                    + "': " + e, e);
        } catch (Error e) {
            // Recorded so that await() reports it too, then left to the thread's handler.
            failure = UploadException.permanent("fatal error copying " + request.file() + " to key '" + key()
                    + "': " + e, e);
            throw e;
        } finally {
            target.finished(this);
            settle();
            finished.countDown();
        }
    }

    private UploadResult copy() throws IOException, UploadException, Stopped {
        long total = token.source().size();
        long chunkSize = token.chunkSize();
        long chunks = (total + chunkSize - 1) / chunkSize;
        long firstChunk;
        Journal journal;
        if (resumeFrom == null) {
            AtomicFiles.createDirectories(files.destination().getParent(), fsync);
            // Set before reading stopRequested, as pause() sets that before reading this: either pause()
            // returns the token, or the copy stops here before creating anything (volatile ordering).
            stateExists = true;
            if (stopRequested) {
                throw new Stopped();
            }
            journal = new Journal(token, 0, System.currentTimeMillis());
            // The journal exists before the partial, so a partial without one was never ours.
            journal.write(files, fsync);
            Files.newByteChannel(files.data(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            firstChunk = 0;
        } else {
            journal = resumeFrom;
            firstChunk = resumeFrom.chunksDone();
        }
        publishToken();
        report(progress);

        long sent = 0;
        byte[] buf = new byte[(int) Math.min(BUFFER, chunkSize)];
        try (FileChannel in = FileChannel.open(request.file(), StandardOpenOption.READ);
             FileChannel out = FileChannel.open(files.data(), StandardOpenOption.WRITE)) {
            for (long i = firstChunk; i < chunks; i++) {
                if (stopRequested) {
                    throw new Stopped();
                }
                long offset = i * chunkSize;
                long length = Math.min(chunkSize, total - offset);
                copyRange(in, out, offset, length, buf);
                if (fsync) {
                    out.force(false);
                }
                // Only data already on the device is recorded: a crash never leaves a journal
                // that claims a chunk the partial file lacks.
                journal = journal.withChunksDone(i + 1);
                journal.write(files, fsync);
                sent += length;
                report(new Progress(sent, Math.min(offset + length, total), total));
            }
            if (fsync) {
                out.force(true);
            }
        }

        String md5 = verify(total);
        String contentType = request.contentType().orElse(ContentTypes.forKey(key()));
        target.publish(files, new Sidecar(Files.readAttributes(files.data(), BasicFileAttributes.class), md5,
                contentType, request.metadata()));
        target.discard(files); // the journal and temp file; the data is now the object
        report(new Progress(sent, total, total));
        return new UploadResult(key(), total, md5, sent);
    }

    /**
     * Checks the partial before it becomes visible and returns its MD5: the source must be unchanged
     * since the token was made, and the partial must equal it byte for byte, read back from both
     * files (so a chunk damaged since it was journaled, or a resume onto foreign data, is caught).
     * Comparing bytes is far cheaper than hashing both sides; the one MD5 pass over the partial
     * serves the result and the check of the caller's MD5, if one was given. On a mismatch the
     * partial is discarded.
     */
    private String verify(long total) throws IOException, UploadException {
        FileFingerprint now = FilesystemTarget.fingerprint(request.file());
        if (!now.equals(token.source())) {
            target.discard(files);
            throw UploadException.retryable("local file " + request.file() + " changed while it was copied to key '"
                    + key() + "' (" + token.source() + " before, " + now + " after); the partial copy was discarded: "
                    + "upload it again once the file is complete", null);
        }
        long size = Files.size(files.data());
        if (size != total) {
            throw verificationFailed("it has " + size + " bytes, the source " + total);
        }
        String md5 = md5OfIdenticalCopy(total);
        if (request.md5().isPresent() && !request.md5().get().equals(md5)) {
            target.discard(files);
            throw UploadException.permanent("the MD5 given for " + request.file() + " (" + request.md5().get()
                    + ") differs from the file's (" + md5 + "); key '" + key() + "' was not written: pass the file's "
                    + "correct MD5 or none");
        }
        return md5;
    }

    /** Reads source and partial side by side, hashing the partial; fails at the first differing byte. */
    private String md5OfIdenticalCopy(long total) throws IOException, UploadException {
        MessageDigest md5 = Checksums.newMd5();
        byte[] a = new byte[(int) Math.min(BUFFER, Math.max(total, 1))];
        byte[] b = new byte[a.length];
        try (FileChannel src = FileChannel.open(request.file(), StandardOpenOption.READ);
             FileChannel copy = FileChannel.open(files.data(), StandardOpenOption.READ)) {
            long pos = 0;
            while (pos < total) {
                int n = (int) Math.min(a.length, total - pos);
                readFully(src, a, pos, n);
                readFully(copy, b, pos, n);
                // ByteBuffer.equals is vectorised on newer JVMs; find the offset only when it differs.
                if (!ByteBuffer.wrap(a, 0, n).equals(ByteBuffer.wrap(b, 0, n))) {
                    int i = 0;
                    while (a[i] == b[i]) {
                        i++;
                    }
                    throw verificationFailed("it differs from the source from byte " + (pos + i) + " on");
                }
                md5.update(b, 0, n);
                pos += n;
            }
        }
        return Checksums.hex(md5.digest());
    }

    private UploadException verificationFailed(String why) throws IOException {
        target.discard(files);
        return UploadException.retryable("verification of the copy for key '" + key() + "' failed: " + why
                + " (source " + request.file() + "); the partial copy " + files.data().getFileName()
                + " was discarded: upload it again", null);
    }

    private void readFully(FileChannel ch, byte[] buf, long pos, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
            if (ch.read(bb, pos + bb.position()) < 0) {
                throw new EOFException(request.file() + " or its copy ended early at byte " + (pos + bb.position()));
            }
        }
    }

    /**
     * Copies {@code length} bytes at {@code offset} from the source to the partial, inside the
     * kernel where it can (transferTo: sendfile / copy_file_range), through {@code buf} where not;
     * each piece of at most {@link #THROTTLE_PIECE} is drawn from the throttle just before it is copied.
     */
    private void copyRange(FileChannel in, FileChannel out, long offset, long length, byte[] buf)
            throws IOException, UploadException {
        long end = offset + length;
        for (long pos = offset; pos < end; pos += THROTTLE_PIECE) {
            int piece = (int) Math.min(THROTTLE_PIECE, end - pos);
            throttle.acquire(piece);
            copyPiece(in, out, pos, piece, buf);
        }
    }

    private void copyPiece(FileChannel in, FileChannel out, long offset, long length, byte[] buf)
            throws IOException, UploadException {
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            out.position(pos);
            long n = in.transferTo(pos, end - pos, out);
            if (n <= 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, end - pos));
                n = in.read(b, pos);
                if (n < 0) {
                    throw UploadException.retryable("local file " + request.file() + " ended at byte " + pos
                            + ", but had " + token.source().size() + " bytes when the upload of key '" + key()
                            + "' began: it changed; upload it again once it is complete", null);
                }
                b.flip();
                while (b.hasRemaining()) {
                    out.write(b, pos + b.position());
                }
            }
            pos += n;
        }
    }

    private void publishToken() {
        notifyResumeToken(tokenText);
    }

    private void report(Progress p) {
        progress = p;
        notifyProgress(p);
    }

    private void finishCancelled() {
        target.finished(this);
        settle();
        finished.countDown();
    }

    /** Settles the outcome from what the worker recorded: a result, a failure, or else a stop. */
    private void settle() {
        if (result != null) {
            outcome().complete(result);
        } else if (failure != null) {
            outcome().fail(failure);
        } else {
            outcome().cancel("upload of key '" + key() + "' was " + stopReason
                    + (stateExists ? "; resume it with its resume token" : "; nothing was written, start it again"));
        }
    }

    /** Unwinds the copy loop when a pause or close was requested. */
    private static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }
}
