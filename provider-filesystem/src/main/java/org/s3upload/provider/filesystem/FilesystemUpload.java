package org.s3upload.provider.filesystem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.s3upload.api.Checksums;
import org.s3upload.api.FileFingerprint;
import org.s3upload.api.Progress;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;

/**
 * One copy of a local file into a hidden partial file beside its destination, chunk by chunk, each
 * chunk forced to the device and then recorded in the journal; at the end the partial is checked
 * (size and MD5 against the source) and renamed into place. Runs once on the target's executor.
 */
final class FilesystemUpload implements Upload, Runnable {
    private static final int BUFFER = 1 << 20;

    private final FilesystemTarget target;
    private final UploadRequest request;
    private final PartialFiles files;
    private final FilesystemToken token;
    private final String tokenText;
    private final UploadListener listener;
    private final boolean fsync;
    /** Null for a fresh upload, else the journal it continues from. */
    private final Journal resumeFrom;

    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile String stopReason = "paused";
    /** True once the partial state exists (or is being created), so the token is worth returning. */
    private volatile boolean stateExists;
    private volatile Progress progress;
    private volatile UploadResult result;
    private volatile UploadException failure;
    private volatile boolean cancelled;

    FilesystemUpload(FilesystemTarget target, UploadRequest request, PartialFiles files, FilesystemToken token,
                     UploadListener listener, Journal resumeFrom) {
        this.target = target;
        this.request = request;
        this.files = files;
        this.token = token;
        this.tokenText = token.toString();
        this.listener = listener == null ? UploadListener.NONE : listener;
        this.fsync = target.config().fsync();
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
        u.finished.countDown();
        return u;
    }

    PartialFiles files() {
        return files;
    }

    @Override
    public String key() {
        return request.key();
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
    public boolean isDone() {
        return finished.getCount() == 0;
    }

    @Override
    public UploadResult await() throws UploadException, InterruptedException {
        finished.await();
        return outcome();
    }

    @Override
    public UploadResult await(long timeout, TimeUnit unit) throws UploadException, InterruptedException, TimeoutException {
        if (!finished.await(timeout, unit)) {
            throw new TimeoutException("upload of '" + key() + "' still running after " + timeout + " " + unit);
        }
        return outcome();
    }

    @Override
    public Optional<String> pause() {
        stop("paused");
        return result != null || failure != null ? Optional.<String>empty() : resumeToken();
    }

    /** Asks the upload to stop after the chunk in progress; an upload not yet started stops at once. */
    void stop(String reason) {
        if (isDone()) {
            return;
        }
        stopReason = reason;
        stopRequested = true;
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
            UploadResult r = copy();
            result = r;
        } catch (Stopped e) {
            cancelled = true;
        } catch (UploadException e) {
            failure = e;
        } catch (IOException e) {
            if (stopRequested) {
                cancelled = true; // close() interrupted the copy; the journal is still consistent
            } else {
                failure = FilesystemTarget.ioFailure("copying " + request.file() + " to key '" + key() + "'", e);
            }
        } catch (RuntimeException e) {
            failure = UploadException.permanent("unexpected failure copying " + request.file() + " to key '" + key()
                    + "': " + e, e);
        } finally {
            target.finished(this);
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
        // Hash the source as it is read; a resume hashes the part it skips, unless the caller gave the MD5.
        MessageDigest sourceMd5 = resumeFrom != null && request.md5().isPresent() ? null : Checksums.newMd5();
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(chunkSize, 1))];
        try (FileChannel in = FileChannel.open(request.file(), StandardOpenOption.READ);
             FileChannel out = FileChannel.open(files.data(), StandardOpenOption.WRITE)) {
            if (sourceMd5 != null && firstChunk > 0) {
                transfer(in, null, 0, firstChunk * chunkSize, sourceMd5, buf);
            }
            for (long i = firstChunk; i < chunks; i++) {
                if (stopRequested) {
                    throw new Stopped();
                }
                long offset = i * chunkSize;
                long length = Math.min(chunkSize, total - offset);
                transfer(in, out, offset, length, sourceMd5, buf);
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

        String md5 = verify(total, sourceMd5);
        String contentType = request.contentType().orElse(ContentTypes.forKey(key()));
        target.publish(files, new Sidecar(Files.readAttributes(files.data(), BasicFileAttributes.class), md5,
                contentType, request.metadata()));
        Files.deleteIfExists(files.journal());
        Files.deleteIfExists(files.temp());
        report(new Progress(sent, total, total));
        return new UploadResult(key(), total, md5, sent);
    }

    /**
     * Checks the partial against the source before it becomes visible: the source must be unchanged,
     * and the partial must have the source's size and MD5 (read back from the partial file, so a
     * chunk damaged since it was journaled is caught). On a mismatch the partial is discarded.
     */
    private String verify(long total, MessageDigest sourceMd5) throws IOException, UploadException {
        FileFingerprint now = FilesystemTarget.fingerprint(request.file());
        if (!now.equals(token.source())) {
            target.discard(files);
            throw UploadException.retryable("local file " + request.file() + " changed while it was copied to key '"
                    + key() + "' (" + token.source() + " before, " + now + " after); the partial copy was discarded: "
                    + "upload it again once the file is complete", null);
        }
        String expected = request.md5().orElse(null);
        if (sourceMd5 != null) {
            String read = Checksums.hex(sourceMd5.digest());
            if (expected != null && !expected.equals(read)) {
                target.discard(files);
                throw UploadException.permanent("the MD5 given for " + request.file() + " (" + expected
                        + ") differs from the file's (" + read + "); key '" + key() + "' was not written: pass the "
                        + "file's correct MD5 or none");
            }
            expected = read;
        }
        long size = Files.size(files.data());
        String written = size == total ? Checksums.md5Hex(files.data()) : null;
        if (size != total || !expected.equals(written)) {
            target.discard(files);
            throw UploadException.retryable("verification of the copy for key '" + key() + "' failed: it has "
                    + size + " bytes and MD5 " + written + ", the source " + request.file() + " has " + total
                    + " bytes and MD5 " + expected + "; the partial copy " + files.data().getFileName()
                    + " was discarded: upload it again", null);
        }
        return expected;
    }

    /** Copies (or, with out null, only hashes) {@code length} bytes at {@code offset}. */
    private void transfer(FileChannel in, FileChannel out, long offset, long length, MessageDigest md5, byte[] buf)
            throws IOException, UploadException {
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, end - pos));
            int n = in.read(b, pos);
            if (n < 0) {
                throw UploadException.retryable("local file " + request.file() + " ended at byte " + pos + ", but had "
                        + token.source().size() + " bytes when the upload of key '" + key() + "' began: it changed; "
                        + "upload it again once it is complete", null);
            }
            if (md5 != null) {
                md5.update(buf, 0, n);
            }
            if (out != null) {
                ByteBuffer w = ByteBuffer.wrap(buf, 0, n);
                long at = pos;
                while (w.hasRemaining()) {
                    at += out.write(w, at);
                }
            }
            pos += n;
        }
    }

    private void publishToken() {
        try {
            listener.onResumeToken(tokenText);
        } catch (RuntimeException ignored) {
            // the SPI says listener failures are the listener's business
        }
    }

    private void report(Progress p) {
        progress = p;
        try {
            listener.onProgress(p);
        } catch (RuntimeException ignored) {
            // the SPI says listener failures are the listener's business
        }
    }

    private void finishCancelled() {
        cancelled = true;
        target.finished(this);
        finished.countDown();
    }

    private UploadResult outcome() throws UploadException {
        if (result != null) {
            return result;
        }
        if (failure != null) {
            // A new exception per call, so each caller's stack trace shows where it waited.
            throw new UploadException(failure.kind(), failure.getMessage(), failure);
        }
        if (cancelled) {
            throw new CancellationException("upload of key '" + key() + "' was " + stopReason
                    + (stateExists ? "; resume it with its resume token" : "; nothing was written, start it again"));
        }
        throw new IllegalStateException("upload of key '" + key() + "' finished without an outcome");
    }

    /** Unwinds the copy loop when a pause or close was requested. */
    private static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }
}
