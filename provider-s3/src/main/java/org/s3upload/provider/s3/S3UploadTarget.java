package org.s3upload.provider.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.spi.support.ThrottleGate;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.internal.Json;
import org.s3upload.api.ObjectKeys;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

import com.amazonaws.event.ProgressEvent;
import com.amazonaws.services.s3.model.AbortMultipartUploadRequest;
import com.amazonaws.services.s3.model.MultipartUpload;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PartSummary;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.transfer.PauseResult;
import com.amazonaws.services.s3.transfer.PersistableTransfer;
import com.amazonaws.services.s3.transfer.PersistableUpload;
import com.amazonaws.services.s3.transfer.TransferManager;
import com.amazonaws.services.s3.transfer.TransferManagerConfiguration;
import com.amazonaws.services.s3.transfer.internal.AbstractTransfer;
import com.amazonaws.services.s3.transfer.internal.S3SyncProgressListener;
import com.amazonaws.services.s3.transfer.internal.TransferMonitor;
import com.amazonaws.services.s3.transfer.internal.TransferManagerUtils;

/**
 * A bucket (and key prefix) on Amazon S3 or an S3-compatible store.
 *
 * <p>Fresh uploads go through the SDK's TransferManager (single PUT up to the threshold, parallel
 * parts above it). Resumes do not use {@code TransferManager.resumeUpload}: in SDK 1.10.77 it
 * rewrites the shared TransferManagerConfiguration, takes no progress listener, and aborts the
 * multipart upload (destroying what it was asked to resume) when its ListParts call fails or is
 * interrupted by a pause ({@code UploadCallable.uploadInParts}). Resumes therefore list the parts
 * themselves, check them against the local file, send the missing ones on the same thread pool and
 * complete the upload; nothing here ever aborts an upload except {@link #abort(String)}.
 */
final class S3UploadTarget implements UploadTarget {
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final S3Settings settings;
    private final ObservedS3Client client;
    private final RemoteState remote;
    private final UploadVerification verification;
    private final Md5Backfill backfill;
    private final MissingPartsUpload resumer;
    /** Runs parts (fresh and resumed) and the TransferManager's own tasks. */
    private final ExecutorService partPool;
    /** One thread per running upload: prepares it, waits for it, verifies it. */
    private final ExecutorService runPool;
    /** One TransferManager per part size, so no upload changes another's configuration. */
    private final ConcurrentMap<Long, TransferManager> transferManagers = new ConcurrentHashMap<>();
    private final Set<S3Upload> running = Collections.newSetFromMap(new ConcurrentHashMap<S3Upload, Boolean>());
    private final AtomicBoolean closed = new AtomicBoolean();

    S3UploadTarget(S3Settings settings) {
        this.settings = settings;
        this.client = S3ClientFactory.create(settings);
        this.remote = new RemoteState(client, settings.bucket);
        this.partPool = Executors.newFixedThreadPool(settings.threads, daemonThreads("s3upload-s3-part-"));
        this.runPool = Executors.newCachedThreadPool(daemonThreads("s3upload-s3-upload-"));
        this.backfill = new Md5Backfill(client, settings);
        this.verification = new UploadVerification(remote, settings, backfill);
        this.resumer = new MissingPartsUpload(settings, client, remote, partPool, verification);
    }

    @Override
    public String providerId() {
        return S3ResumeToken.PROVIDER_ID;
    }

    @Override
    public String fingerprint() {
        return settings.describe();
    }

    @Override
    public String toString() {
        return "S3UploadTarget{" + settings.describe() + "}";
    }

    // ------------------------------------------------------------------ start

    @Override
    public org.s3upload.api.Upload start(final UploadRequest request, UploadListener listener) throws UploadException {
        ensureOpen();
        final String objectKey = objectKey(request.key());
        final FileFingerprint fp;
        try {
            fp = FileFingerprint.of(request.file());
        } catch (IOException e) {
            throw UploadException.permanent("cannot upload " + request.file() + " to " + where(objectKey)
                    + ": the file cannot be read (" + e.getMessage() + "); check that it exists and is readable", e);
        }
        final S3Upload upload = new S3Upload(request.key(), fp.size(), listener, null, ThrottleGate.of(request));
        launch(upload, new Runnable() {
            @Override
            public void run() {
                runStart(upload, request, objectKey, fp);
            }
        });
        return upload;
    }

    private void runStart(final S3Upload upload, UploadRequest request, final String objectKey, final FileFingerprint fp) {
        final Path file = request.file();
        String what = "uploading " + file + " to " + where(objectKey);
        if (upload.pauseRequested()) {
            upload.cancelled();
            return;
        }
        final String contentType = request.contentType().isPresent() ? request.contentType().get()
                : org.s3upload.internal.ContentTypes.forKey(file.getFileName().toString());
        final long partSize = PartSizes.forFile(fp.size(), settings.partSize);
        TransferManager tm = transferManager(partSize);
        PutObjectRequest put = putRequest(request, objectKey, contentType, upload.throttle());
        final boolean multipart = TransferManagerUtils.shouldUseMultipartUpload(put, tm.getConfiguration());
        if (multipart) {
            // So that the object's ETag (md5 of the part MD5s) can be recomputed from the local file later.
            put.getMetadata().addUserMetadata(StoredChecksum.PART_SIZE_METADATA, String.valueOf(partSize));
        }
        final Function<PersistableUpload, String> tokenMaker = new Function<PersistableUpload, String>() {
            @Override
            public String apply(PersistableUpload p) {
                return tokenFor(p, objectKey, partSize, file, fp, contentType);
            }
        };
        // Parts are counted by ObservedS3Client; this counts only a single PUT.
        final SentBytesCounter singlePut = new SentBytesCounter(upload, fp.size());
        S3SyncProgressListener events = new S3SyncProgressListener() {
            @Override
            public void progressChanged(ProgressEvent e) {
                if (!multipart) {
                    singlePut.progressChanged(e);
                }
            }

            @Override
            public void onPersistableTransfer(PersistableTransfer transfer) {
                // Called once, on the SDK's thread, after the multipart upload was initiated and before
                // any part is submitted: the caller can persist the token before data it covers is sent.
                if (transfer instanceof PersistableUpload) {
                    String token = tokenMaker.apply((PersistableUpload) transfer);
                    client.watch(uploadIdOf(token), upload);
                    upload.publishToken(token);
                }
            }
        };
        com.amazonaws.services.s3.transfer.Upload sdk;
        try {
            sdk = tm.upload(put, events);
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, what, settings));
            return;
        }
        Checksum sent;
        try {
            if (!upload.attach(sdk, tokenMaker)) {
                stopSdk(sdk);
                upload.cancelled();
                return;
            }
            Throwable failure;
            try {
                awaitTransfer(upload, sdk);
                failure = null;
            } catch (CancellationException e) {
                upload.cancelled();
                return;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (InterruptedException | RuntimeException e) {
                failure = e;
            }
            if (failure != null) {
                if (upload.pauseRequested()) {
                    upload.cancelled();
                    return;
                }
                // One failed part fails the transfer while the others go on (SDK 1.10.77): stop them,
                // and keep the multipart upload, whose token stays valid for a resume.
                sdk.tryPause(false);
                upload.fail(S3Errors.classify(failure, what, settings));
                return;
            }
            sent = multipart ? upload.parts().checksum(PartSizes.partCount(fp.size(), partSize), partSize)
                    : singlePutChecksum(put);
        } finally {
            String token = upload.resumeToken().orElse(null);
            if (token != null) {
                client.unwatch(uploadIdOf(token), upload);
            }
        }
        if (sent == null) {
            upload.fail(UploadException.retryable(what + ": the MD5 of a part sent is unknown (was it uploaded by another "
                    + "client?), so the object cannot be proven; upload again", null));
            return;
        }
        if (!multipart && request.md5().isPresent() && !request.md5().get().equals(sent.hex())) {
            upload.fail(UploadException.permanent(what + ": the md5 given with the request (" + request.md5().get()
                    + ") is not the MD5 of the file's content (" + sent.hex() + ", read from it while uploading); the "
                    + "caller computed it from other bytes, fix it or leave it out", null));
            return;
        }
        verification.finish(upload, request, objectKey, fp, sent, what);
    }

    /** The MD5 {@link ObservedS3Client#putObject} sent as Content-MD5 and left in the request. */
    private static Checksum singlePutChecksum(PutObjectRequest put) {
        String b64 = put.getMetadata().getContentMD5();
        return b64 == null ? null : Checksum.md5(Checksums.hex(java.util.Base64.getDecoder().decode(b64)));
    }

    /**
     * Waits for the SDK transfer as {@code Upload.waitForUploadResult} does (its monitor hands over
     * from the upload task to the completion task), but delivers progress from this thread meanwhile.
     */
    private static com.amazonaws.services.s3.transfer.model.UploadResult awaitTransfer(S3Upload upload,
            com.amazonaws.services.s3.transfer.Upload sdk) throws ExecutionException, InterruptedException {
        TransferMonitor monitor = ((AbstractTransfer) sdk).getMonitor();
        while (true) {
            Future<?> f = monitor.getFuture();
            Object result = awaitDelivering(upload, f);
            if (monitor.isDone() && result != null) {
                return (com.amazonaws.services.s3.transfer.model.UploadResult) result;
            }
        }
    }

    /** {@code f.get()}, delivering the upload's progress while it waits. */
    static <T> T awaitDelivering(S3Upload upload, Future<T> f) throws ExecutionException, InterruptedException {
        while (true) {
            upload.deliverProgress();
            try {
                return f.get(S3Upload.DELIVERY_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (upload.pauseRequested()) {
                    throw new CancellationException("paused");
                }
            }
        }
    }

    /** Stops an SDK transfer that a pause overtook, keeping resumable state when there is any. */
    private static void stopSdk(com.amazonaws.services.s3.transfer.Upload sdk) {
        PauseResult<PersistableUpload> r = sdk.tryPause(false);
        if (r.getInfoToResume() == null) {
            sdk.abort();
        }
    }

    private PutObjectRequest putRequest(UploadRequest request, String objectKey, String contentType, ThrottleGate throttle) {
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentType(contentType);
        meta.setUserMetadata(new LinkedHashMap<>(request.metadata()));
        WriteOptions options = new WriteOptions(settings);
        options.encrypt(meta);
        PutObjectRequest put = new ThrottledPut(settings.bucket, objectKey, request.file().toFile(), throttle).withMetadata(meta);
        put.setSSEAwsKeyManagementParams(options.kms());
        put.setAccessControlList(options.acl());
        put.setCannedAcl(options.cannedAcl());
        put.setStorageClass(options.storageClass());
        return put;
    }

    private String tokenFor(PersistableUpload p, String objectKey, long partSize, Path file, FileFingerprint fp,
            String contentType) {
        // Only the upload id comes from the SDK (PersistableUpload's getters are package-private in
        // 1.10.77; its JSON is the public view); everything else is ours.
        String uploadId = (String) Json.parseObject(p.serialize()).get("multipartUploadId");
        return S3ResumeToken.of(settings.bucket, objectKey, uploadId, partSize, settings.threshold, file.toString(),
                fp.size(), fp.modifiedMillis(), null, contentType).toJson();
    }

    private static String uploadIdOf(String token) {
        return (String) Json.parseObject(token).get("uploadId");
    }

    private TransferManager transferManager(final long partSize) {
        TransferManager tm = transferManagers.get(partSize);
        if (tm != null) {
            return tm;
        }
        TransferManagerConfiguration c = new TransferManagerConfiguration();
        c.setMinimumUploadPartSize(partSize);
        c.setMultipartUploadThreshold(settings.threshold);
        // false: the pools are ours (shared by all part sizes) and shut down in close().
        TransferManager created = new TransferManager(client, partPool, false);
        created.setConfiguration(c);
        TransferManager raced = transferManagers.putIfAbsent(partSize, created);
        return raced != null ? raced : created;
    }

    // ------------------------------------------------------------------ resume

    @Override
    public org.s3upload.api.Upload resume(String resumeToken, final UploadRequest request, UploadListener listener)
            throws UploadException {
        ensureOpen();
        final S3ResumeToken t = S3ResumeToken.parse(resumeToken);
        final String objectKey = objectKey(request.key());
        if (t.abortOnly) {
            throw UploadException.resumeRejected("the token of " + where(t.objectKey) + " (upload id " + t.uploadId
                    + ") came from listIncomplete and can only abort; abort it and start the upload afresh");
        }
        if (!t.bucket.equals(settings.bucket) || !t.objectKey.equals(objectKey)) {
            throw UploadException.resumeRejected("the resume token is for s3://" + t.bucket + "/" + t.objectKey
                    + ", but this request writes " + where(objectKey) + "; abort the token and start afresh");
        }
        final Path file = request.file();
        final FileFingerprint fp;
        try {
            fp = FileFingerprint.of(file);
        } catch (IOException e) {
            throw UploadException.resumeRejected("cannot resume " + where(objectKey) + ": the local file " + file
                    + " cannot be read (" + e.getMessage() + ")");
        }
        if (t.legacy) {
            if (!Paths.get(t.file).toAbsolutePath().normalize().equals(file.normalize())) {
                throw UploadException.resumeRejected("the legacy upload marker of " + where(objectKey) + " names file "
                        + t.file + ", not " + file + "; abort it and start afresh");
            }
        } else if (fp.size() != t.fileSize || fp.modifiedMillis() != t.fileMtime) {
            throw UploadException.resumeRejected("cannot resume " + where(objectKey) + ": " + file
                    + " changed since the upload began (then size=" + t.fileSize + " mtime=" + t.fileMtime + ", now "
                    + fp + "); abort the token and upload the file afresh");
        }
        final S3Upload upload = new S3Upload(request.key(), fp.size(), listener, t.legacy ? null : resumeToken,
                ThrottleGate.of(request));
        launch(upload, new Runnable() {
            @Override
            public void run() {
                resumer.run(upload, t, request, objectKey, fp);
            }
        });
        return upload;
    }

    // ------------------------------------------------------------------ abort, list, stat

    @Override
    public void abort(String resumeToken) throws UploadException {
        ensureOpen();
        S3ResumeToken t;
        try {
            t = S3ResumeToken.parse(resumeToken);
        } catch (UploadException e) {
            throw UploadException.permanent("cannot abort: " + e.getMessage(), e);
        }
        try {
            client.abortMultipartUpload(new AbortMultipartUploadRequest(t.bucket, t.objectKey, t.uploadId));
        } catch (RuntimeException e) {
            if (S3Errors.isNoSuchUpload(e) || S3Errors.isNotFound(e)) {
                return;
            }
            throw S3Errors.classify(e, "aborting upload " + t.uploadId + " of s3://" + t.bucket + "/" + t.objectKey, settings);
        }
    }

    @Override
    public List<IncompleteUpload> listIncomplete(String keyPrefix) throws UploadException {
        ensureOpen();
        String prefix = settings.keyPrefix + (keyPrefix == null ? "" : keyPrefix);
        List<IncompleteUpload> out = new ArrayList<>();
        try {
            for (MultipartUpload u : remote.listUploads(prefix)) {
                if (!u.getKey().startsWith(settings.keyPrefix)) {
                    continue;
                }
                String token = S3ResumeToken.abortOnly(settings.bucket, u.getKey(), u.getUploadId()).toJson();
                long initiated = u.getInitiated() == null ? 0 : u.getInitiated().getTime();
                out.add(new IncompleteUpload(u.getKey().substring(settings.keyPrefix.length()), u.getUploadId(),
                        initiated, token));
            }
        } catch (RuntimeException e) {
            throw S3Errors.classify(e, "listing incomplete uploads under " + where(prefix), settings);
        }
        return out;
    }

    @Override
    public Optional<String> location(String key) {
        try {
            return Optional.of("s3://" + settings.bucket + "/" + objectKey(key));
        } catch (UploadException e) {
            return Optional.empty();
        }
    }

    @Override
    public OptionalLong storedBytes(IncompleteUpload upload) throws UploadException {
        ensureOpen();
        String objectKey = settings.keyPrefix + upload.key();
        Map<Integer, PartSummary> parts;
        try {
            parts = remote.listParts(settings.bucket, objectKey, upload.uploadId());
        } catch (RuntimeException e) {
            throw S3Errors.classify(e, "listing the parts of upload " + upload.uploadId() + " of " + where(objectKey), settings);
        }
        if (parts == null) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (PartSummary p : parts.values()) {
            sum += p.getSize();
        }
        return OptionalLong.of(sum);
    }

    @Override
    public Optional<RemoteObject> stat(String key) throws UploadException {
        ensureOpen();
        String objectKey = objectKey(key);
        ObjectMetadata m;
        try {
            m = remote.headIfPresent(objectKey);
        } catch (RuntimeException e) {
            throw S3Errors.classify(e, "reading " + where(objectKey), settings);
        }
        if (m == null) {
            return Optional.empty();
        }
        Checksum checksum = StoredChecksum.of(m, PartSizes.forFile(m.getContentLength(), settings.partSize));
        return Optional.of(new RemoteObject(key, m.getContentLength(), checksum, m.getContentType(),
                m.getUserMetadata()));
    }

    // ------------------------------------------------------------------ bucket check, close

    /** HEADs the bucket and explains a 403, 404 or region mismatch (configuration key checkBucket). */
    void checkBucket() throws UploadException {
        BucketCheck.run(client, settings);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Pause all first, without waiting for each: the pools' termination below waits for all.
        for (S3Upload u : new ArrayList<>(running)) {
            u.pauseWithoutWaiting();
        }
        runPool.shutdownNow();
        partPool.shutdownNow();
        backfill.close();
        // Closes pooled and in-use connections, so parts blocked in socket reads or writes end too.
        client.shutdown();
        long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
        try {
            partPool.awaitTermination(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            runPool.awaitTermination(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void launch(final S3Upload upload, final Runnable run) throws UploadException {
        running.add(upload);
        try {
            runPool.execute(new Runnable() {
                @Override
                public void run() {
                    try {
                        run.run();
                    } catch (RuntimeException | Error e) {
                        upload.fail(S3Errors.classify(e, "uploading " + upload.key(), settings));
                    } finally {
                        running.remove(upload);
                        if (!upload.isDone()) {
                            upload.cancelled();
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(upload);
            throw closedException();
        }
    }

    private void ensureOpen() throws UploadException {
        if (closed.get()) {
            throw closedException();
        }
    }

    private UploadException closedException() {
        return UploadException.permanent("the s3 target " + settings.describe() + " is closed; create a new one");
    }

    private String objectKey(String key) throws UploadException {
        ObjectKeys.check(key);
        String full = settings.objectKey(key);
        int bytes = full.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ObjectKeys.MAX_KEY_BYTES) {
            throw UploadException.permanent("object key '" + full + "' is " + bytes + " bytes with the key prefix, S3 "
                    + "allows " + ObjectKeys.MAX_KEY_BYTES + "; shorten '" + S3Settings.KEY_PREFIX + "' or the key");
        }
        return full;
    }

    private String where(String objectKey) {
        return S3Errors.where(settings.bucket, objectKey);
    }

    static ThreadFactory daemonThreads(final String prefix) {
        final AtomicInteger n = new AtomicInteger();
        return new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, prefix + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        };
    }
}
