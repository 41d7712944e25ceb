package org.s3upload.provider.filesystem;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;

/** A directory that receives objects; see {@link FilesystemProvider}. Thread-safe. */
final class FilesystemTarget implements UploadTarget {
    /** How long close() lets running chunks finish before it interrupts them. */
    static final long CLOSE_WAIT_MILLIS = 2000;
    /** How long abort() waits for a running upload of the same partial to stop. */
    private static final long ABORT_WAIT_MILLIS = 10_000;

    /**
     * Partial files being written anywhere in this JVM, so two targets (or a resume racing the
     * pause it follows) never write one partial at the same time. Other processes are not seen:
     * one root belongs to one server.
     */
    private static final Map<Path, FilesystemUpload> WRITING = new ConcurrentHashMap<>();
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final SecureRandom IDS = new SecureRandom();

    private final FilesystemSettings config;
    private final KeyPaths paths;
    private final ThreadPoolExecutor executor;
    private final Set<FilesystemUpload> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    // Striped locks: writing a sidecar and renaming the data over the key happen as one step per key.
    private final Object[] keyLocks = new Object[64];

    FilesystemTarget(FilesystemSettings config) {
        this.config = config;
        this.paths = new KeyPaths(config.root());
        int pool = POOLS.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "s3upload-filesystem-" + pool + "-" + threadNo.incrementAndGet());
            t.setDaemon(true); // a target that was never closed must not keep the server from exiting
            return t;
        };
        this.executor = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<Runnable>(), tf);
        this.executor.allowCoreThreadTimeOut(true);
        for (int i = 0; i < keyLocks.length; i++) {
            keyLocks[i] = new Object();
        }
    }

    FilesystemSettings config() {
        return config;
    }

    @Override
    public String providerId() {
        return FilesystemProvider.ID;
    }

    @Override
    public String fingerprint() {
        return "file://" + config.root();
    }

    @Override
    public Optional<String> location(String key) {
        try {
            return Optional.of(paths.resolve(key).toUri().toString());
        } catch (UploadException e) {
            return Optional.empty();
        }
    }

    @Override
    public Upload start(UploadRequest request, UploadListener listener) throws UploadException {
        Objects.requireNonNull(request, "request is null");
        checkOpen();
        Path dest = paths.resolveForWrite(request.key());
        FileFingerprint source = fingerprint(request.file());
        FilesystemToken token = new FilesystemToken(request.key(), newUploadId(), source, config.chunkSize());
        PartialFiles files = new PartialFiles(dest, token.uploadId());
        FilesystemUpload u = new FilesystemUpload(this, request, files, token, listener, null);
        claim(u);
        submit(u);
        return u;
    }

    @Override
    public Upload resume(String resumeToken, UploadRequest request, UploadListener listener) throws UploadException {
        Objects.requireNonNull(request, "request is null");
        checkOpen();
        FilesystemToken token = FilesystemToken.parse(resumeToken);
        if (!token.key().equals(request.key())) {
            throw UploadException.resumeRejected("resume token is for key '" + token.key() + "', the request for key '"
                    + request.key() + "'; start the upload afresh");
        }
        Path dest = paths.resolveForWrite(request.key());
        FileFingerprint source = fingerprint(request.file());
        if (!source.equals(token.source())) {
            throw UploadException.resumeRejected("local file " + request.file() + " changed since the resume token was made ("
                    + token.source() + " then, " + source + " now); abort the token and start the upload afresh");
        }
        PartialFiles files = new PartialFiles(dest, token.uploadId());
        try {
            if (!Files.exists(files.data(), LinkOption.NOFOLLOW_LINKS)) {
                return alreadyComplete(request, files, token);
            }
            Journal journal = Journal.read(files);
            if (journal != null && !journal.token().equals(token)) {
                throw UploadException.resumeRejected("the journal " + files.journal() + " belongs to another upload ("
                        + journal.token() + "); abort the token and start the upload afresh");
            }
            long created = journal != null ? journal.createdMillis() : System.currentTimeMillis();
            long chunksDone = journal != null ? journal.chunksDone() : 0; // no journal: trust no byte of the partial
            long chunks = (token.source().size() + token.chunkSize() - 1) / token.chunkSize();
            long partialSize = Files.size(files.data());
            if (Math.min(chunksDone * token.chunkSize(), token.source().size()) > partialSize) {
                chunksDone = partialSize / token.chunkSize(); // the partial was truncated behind our back
            }
            chunksDone = Math.max(0, Math.min(chunksDone, chunks));
            FilesystemUpload u = new FilesystemUpload(this, request, files, token, listener,
                    new Journal(token, chunksDone, created));
            claim(u);
            submit(u);
            return u;
        } catch (IOException e) {
            throw ioFailure("resuming the upload of key '" + request.key() + "' from " + files.data(), e);
        }
    }

    // The partial is gone: either the upload completed (then say so, sending nothing) or the state was lost.
    private Upload alreadyComplete(UploadRequest request, PartialFiles files, FilesystemToken token)
            throws UploadException, IOException {
        Optional<RemoteObject> o = stat(request.key());
        if (o.isPresent() && o.get().size() == token.source().size()) {
            String md5 = request.md5().isPresent() ? request.md5().get() : Checksums.md5Hex(request.file());
            if (o.get().matches(token.source().size(), md5)) {
                Files.deleteIfExists(files.journal()); // left when a crash followed the final rename
                return FilesystemUpload.completed(this, request, files, token, md5);
            }
        }
        throw UploadException.resumeRejected("the partial file " + files.data() + " of upload " + token.uploadId()
                + " is gone and key '" + request.key() + "' does not hold the finished file; start the upload afresh");
    }

    @Override
    public void abort(String resumeToken) throws UploadException {
        FilesystemToken token = FilesystemToken.parse(resumeToken);
        PartialFiles files = new PartialFiles(paths.resolve(token.key()), token.uploadId());
        FilesystemUpload running = WRITING.get(files.data());
        try {
            if (running != null) {
                running.stop("aborted");
                if (!running.awaitStopped(ABORT_WAIT_MILLIS)) {
                    throw UploadException.retryable("upload " + token.uploadId() + " of key '" + token.key()
                            + "' is still writing after " + ABORT_WAIT_MILLIS + " ms; abort it again later", null);
                }
            }
            if (discard(files) && config.fsync()) {
                AtomicFiles.forceDirectory(files.destination().getParent());
            }
        } catch (NoSuchFileException e) {
            return; // the directory is gone too: nothing left to abort
        } catch (IOException e) {
            throw ioFailure("aborting upload " + token.uploadId() + " of key '" + token.key() + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UploadException.retryable("interrupted while aborting upload " + token.uploadId() + " of key '"
                    + token.key() + "'", e);
        }
    }

    @Override
    public List<IncompleteUpload> listIncomplete(String keyPrefix) throws UploadException {
        Objects.requireNonNull(keyPrefix, "keyPrefix is null");
        Path dir = paths.directoryOf(keyPrefix);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new ArrayList<>();
        }
        Map<String, PartialFiles> found = new LinkedHashMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                    String[] parsed = PartialFiles.parse(p.getFileName().toString());
                    if (parsed != null) {
                        Path dest = p.resolveSibling(parsed[0]);
                        if (paths.keyOf(dest).startsWith(keyPrefix)) {
                            found.putIfAbsent(dest + "\0" + parsed[1], new PartialFiles(dest, parsed[1]));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // running uploads rename their temp files all the time
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw ioFailure("listing partial uploads under " + dir, e);
        }
        List<IncompleteUpload> out = new ArrayList<>();
        for (PartialFiles f : found.values()) {
            out.add(describe(f));
        }
        return out;
    }

    private IncompleteUpload describe(PartialFiles f) {
        String key = paths.keyOf(f.destination());
        Journal j = null;
        try {
            j = Journal.read(f);
        } catch (IOException | UploadException e) {
            // A damaged journal still names an upload that abort must be able to remove.
        }
        long initiated = j != null ? j.createdMillis() : 0;
        FilesystemToken token = j != null ? j.token()
                : new FilesystemToken(key, f.uploadId(), new FileFingerprint(0, 0), FilesystemSettings.MIN_CHUNK_SIZE);
        return new IncompleteUpload(key, f.uploadId(), initiated, token.toString());
    }

    /** The partial file's size: what the unfinished copy occupies in the destination folder. */
    @Override
    public OptionalLong storedBytes(IncompleteUpload upload) throws UploadException {
        if (!PartialFiles.isUploadId(upload.uploadId())) {
            return OptionalLong.empty();
        }
        PartialFiles f = new PartialFiles(paths.resolve(upload.key()), upload.uploadId());
        try {
            return OptionalLong.of(Files.size(f.data()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw ioFailure("reading the size of " + f.data(), e);
        }
    }

    @Override
    public Optional<RemoteObject> stat(String key) throws UploadException {
        Path dest = paths.resolve(key);
        if (!Files.isDirectory(dest.getParent())) {
            return Optional.empty(); // also when a folder of the key is a file
        }
        try {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(dest, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            Sidecar s = Sidecar.read(PartialFiles.sidecar(dest));
            if (s != null && s.describes(a)) {
                return Optional.of(new RemoteObject(key, a.size(), s.md5(), s.contentType(), s.metadata()));
            }
            // Written by another tool, or a crash came between sidecar and rename: compute what we promise.
            String md5 = Checksums.md5Hex(dest);
            BasicFileAttributes after = Files.readAttributes(dest, BasicFileAttributes.class);
            if (after.size() != a.size() || !after.lastModifiedTime().equals(a.lastModifiedTime())) {
                throw UploadException.retryable("the file at key '" + key + "' changed while its MD5 was computed; ask again", null);
            }
            return Optional.of(new RemoteObject(key, a.size(), md5, null, null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw ioFailure("reading the object at key '" + key + "'", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (FilesystemUpload u : active) {
            u.stop("stopped because its target was closed");
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                // A chunk write or a listener is slow; interrupting is safe because the journal only
                // ever records chunks that were forced first.
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------ used by FilesystemUpload

    /** Makes the verified partial the object at its key, with its sidecar, as one step per key. */
    void publish(PartialFiles files, Sidecar sidecar) throws IOException {
        Path dest = files.destination();
        synchronized (keyLocks[Math.floorMod(dest.hashCode(), keyLocks.length)]) {
            sidecar.write(PartialFiles.sidecar(dest), files.temp(), config.fsync());
            AtomicFiles.move(files.data(), dest, config.fsync());
        }
    }

    /** Removes every file of a partial upload; true when there was any. */
    boolean discard(PartialFiles files) throws IOException {
        boolean deleted = Files.deleteIfExists(files.data());
        deleted |= Files.deleteIfExists(files.journal());
        deleted |= Files.deleteIfExists(files.temp());
        return deleted;
    }

    void finished(FilesystemUpload u) {
        active.remove(u);
        WRITING.remove(u.files().data(), u);
    }

    static FileFingerprint fingerprint(Path file) throws UploadException {
        try {
            return FileFingerprint.of(file);
        } catch (NoSuchFileException e) {
            throw UploadException.permanent("local file " + file + " does not exist: check the recording's path", e);
        } catch (IOException e) {
            throw UploadException.permanent("local file " + file + " cannot be read (" + e.getMessage()
                    + "): check that it is a regular file the server can read", e);
        }
    }

    /** Classifies a failed file operation: permissions and read-only storage need an operator, the rest may pass. */
    static UploadException ioFailure(String what, IOException e) {
        String detail = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                ? ((FileSystemException) e).getFile() + ": " + ((FileSystemException) e).getReason() : String.valueOf(e.getMessage());
        if (e instanceof AccessDeniedException) {
            return UploadException.permanent(what + " failed: permission denied on " + ((AccessDeniedException) e).getFile()
                    + "; give the server's user read and write access there", e);
        }
        if (detail.contains("Read-only file system")) {
            return UploadException.permanent(what + " failed: " + detail + "; remount the storage writable", e);
        }
        return UploadException.retryable(what + " failed: " + e.getClass().getSimpleName() + " " + detail, e);
    }

    // ------------------------------------------------------------ internals

    private void checkOpen() throws UploadException {
        if (closed.get()) {
            throw UploadException.permanent("the filesystem target for " + config.root()
                    + " is closed; create a new target to upload");
        }
    }

    private void claim(FilesystemUpload u) throws UploadException {
        if (WRITING.putIfAbsent(u.files().data(), u) != null) {
            throw UploadException.retryable("upload " + u.files().uploadId() + " of key '" + u.key()
                    + "' is still running in this process; wait for its await() to return, then resume", null);
        }
        active.add(u);
    }

    private void submit(FilesystemUpload u) throws UploadException {
        try {
            executor.execute(u);
        } catch (RejectedExecutionException e) {
            u.stop("not started because its target was closed");
            throw UploadException.permanent("the filesystem target for " + config.root()
                    + " is closed; create a new target to upload", e);
        }
        if (closed.get()) {
            u.stop("stopped because its target was closed"); // close() ran between checkOpen and execute
        }
    }

    private static String newUploadId() {
        byte[] b = new byte[8];
        IDS.nextBytes(b);
        return Checksums.hex(b);
    }
}
