package org.s3upload.provider.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

import org.s3upload.api.Checksums;
import org.s3upload.api.FileFingerprint;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.Json;
import org.s3upload.api.ObjectKeys;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.event.ProgressEvent;
import com.amazonaws.services.s3.model.AbortMultipartUploadRequest;
import com.amazonaws.services.s3.model.AccessControlList;
import com.amazonaws.services.s3.model.CompleteMultipartUploadRequest;
import com.amazonaws.services.s3.model.HeadBucketRequest;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.ListPartsRequest;
import com.amazonaws.services.s3.model.MultipartUpload;
import com.amazonaws.services.s3.model.MultipartUploadListing;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PartETag;
import com.amazonaws.services.s3.model.PartListing;
import com.amazonaws.services.s3.model.PartSummary;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.SSEAwsKeyManagementParams;
import com.amazonaws.services.s3.model.UploadPartRequest;
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
    /** User-metadata name of the whole-file MD5 (header x-amz-meta-md5). */
    static final String MD5_METADATA = "md5";
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final S3Settings settings;
    private final ObservedS3Client client;
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
        this.partPool = Executors.newFixedThreadPool(settings.threads, daemonThreads("s3upload-s3-part-"));
        this.runPool = Executors.newCachedThreadPool(daemonThreads("s3upload-s3-upload-"));
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
        final S3Upload upload = new S3Upload(request.key(), fp.size(), listener, null);
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
        final String md5;
        try {
            md5 = request.md5().isPresent() ? request.md5().get() : Checksums.md5Hex(file);
        } catch (IOException e) {
            upload.fail(UploadException.permanent(what + " failed: cannot read the file (" + e.getMessage() + ")", e));
            return;
        }
        if (upload.pauseRequested()) {
            upload.cancelled();
            return;
        }
        final String contentType = request.contentType().isPresent() ? request.contentType().get()
                : ContentTypes.forName(file.getFileName().toString());
        long partSize = PartSizes.forFile(fp.size(), settings.partSize);
        TransferManager tm = transferManager(partSize);
        PutObjectRequest put = putRequest(request, objectKey, md5, contentType);
        final boolean multipart = TransferManagerUtils.shouldUseMultipartUpload(put, tm.getConfiguration());
        final Function<PersistableUpload, String> tokenMaker = new Function<PersistableUpload, String>() {
            @Override
            public String apply(PersistableUpload p) {
                return tokenFor(p, file, fp, md5, contentType);
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
        try {
            if (!upload.attach(sdk, tokenMaker)) {
                stopSdk(sdk);
                upload.cancelled();
                return;
            }
            Throwable failure;
            try {
                String etag = FileDigests.normalizeEtag(awaitTransfer(upload, sdk).getETag());
                failure = null;
                // A single PUT's ETag is the MD5 of the bytes S3 received (the SDK checked it against
                // what it sent, except under SSE-KMS/SSE-C): it proves or refutes an md5 the caller gave.
                if (!multipart && request.md5().isPresent() && Checksums.isMd5Hex(etag) && !"aws:kms".equals(settings.sse)
                        && !etag.equals(md5)) {
                    upload.fail(UploadException.permanent(what + ": the md5 given with the request (" + md5
                            + ") is not the MD5 of the file's content (" + etag + ", from S3's ETag); the caller "
                            + "computed it from other bytes, fix it or leave it out", null));
                    return;
                }
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
        } finally {
            String token = upload.resumeToken().orElse(null);
            if (token != null) {
                client.unwatch(uploadIdOf(token), upload);
            }
        }
        finish(upload, request, objectKey, fp, md5, null, what);
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
    private static <T> T awaitDelivering(S3Upload upload, Future<T> f) throws ExecutionException, InterruptedException {
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

    private PutObjectRequest putRequest(UploadRequest request, String objectKey, String md5, String contentType) {
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentType(contentType);
        Map<String, String> user = new LinkedHashMap<>(request.metadata());
        user.put(MD5_METADATA, md5);
        meta.setUserMetadata(user);
        if ("AES256".equals(settings.sse)) {
            meta.setSSEAlgorithm(ObjectMetadata.AES_256_SERVER_SIDE_ENCRYPTION);
        }
        PutObjectRequest put = new PutObjectRequest(settings.bucket, objectKey, request.file().toFile()).withMetadata(meta);
        if ("aws:kms".equals(settings.sse)) {
            put.setSSEAwsKeyManagementParams(settings.sseKmsKeyId == null ? new SSEAwsKeyManagementParams()
                    : new SSEAwsKeyManagementParams(settings.sseKmsKeyId));
        }
        if (settings.aclGrantee != null) {
            AccessControlList acl = new AccessControlList();
            acl.grantPermission(settings.aclGrantee, settings.aclPermission);
            put.setAccessControlList(acl);
        } else if (settings.cannedAcl != null) {
            put.setCannedAcl(settings.cannedAcl);
        }
        if (settings.storageClass != null) {
            put.setStorageClass(settings.storageClass);
        }
        return put;
    }

    private String tokenFor(PersistableUpload p, Path file, FileFingerprint fp, String md5, String contentType) {
        // PersistableUpload's getters are package-private in 1.10.77; its JSON is the public view.
        Map<String, Object> sdk = Json.parseObject(p.serialize());
        return S3ResumeToken.of((String) sdk.get("bucketName"), (String) sdk.get("key"),
                (String) sdk.get("multipartUploadId"), ((Number) sdk.get("partSize")).longValue(),
                ((Number) sdk.get("mutlipartUploadThreshold")).longValue(), file.toString(), fp.size(),
                fp.modifiedMillis(), md5, contentType).toJson();
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
        final S3Upload upload = new S3Upload(request.key(), fp.size(), listener, t.legacy ? null : resumeToken);
        launch(upload, new Runnable() {
            @Override
            public void run() {
                runResume(upload, t, request, objectKey, fp);
            }
        });
        return upload;
    }

    private void runResume(S3Upload upload, S3ResumeToken t, UploadRequest request, String objectKey, FileFingerprint fp) {
        Path file = request.file();
        String what = "resuming upload " + t.uploadId + " of " + file + " to " + where(objectKey);
        long partSize = PartSizes.sdkPartSize(fp.size(), t.partSize);
        int partCount = PartSizes.partCount(fp.size(), partSize);
        Map<Integer, PartSummary> stored;
        try {
            stored = listParts(t);
            // Real S3 answers NoSuchUpload for a gone upload; some stores list it as empty instead.
            if (stored != null && stored.isEmpty() && !isListed(t)) {
                stored = null;
            }
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, what, settings));
            return;
        }
        String md5 = t.md5;
        FileDigests digests = null;
        try {
            if (t.legacy) {
                // No fingerprint in the original module's markers: prove each stored part is this file's.
                digests = FileDigests.of(file, partSize);
                md5 = digests.md5;
            } else if (stored == null && md5 == null) {
                md5 = request.md5().isPresent() ? request.md5().get() : Checksums.md5Hex(file);
            }
        } catch (IOException e) {
            upload.fail(UploadException.resumeRejected(what + " failed: cannot read the local file (" + e.getMessage() + ")"));
            return;
        }
        if (stored == null) {
            resolveGone(upload, t, request, objectKey, fp, md5, digests);
            return;
        }
        long already = 0;
        List<PartETag> etags = new ArrayList<>();
        for (PartSummary p : stored.values()) {
            int n = p.getPartNumber();
            long expected = PartSizes.partLength(fp.size(), partSize, n);
            if (n < 1 || n > partCount || p.getSize() != expected) {
                upload.fail(UploadException.resumeRejected(what + ": stored part " + n + " has " + p.getSize()
                        + " bytes but that part of the local file has " + expected + "; the file changed, abort the "
                        + "token and start afresh"));
                return;
            }
            if (digests != null && !digests.partMd5(n).equals(FileDigests.normalizeEtag(p.getETag()))) {
                upload.fail(UploadException.resumeRejected(what + ": stored part " + n + " (ETag " + p.getETag()
                        + ") differs from the local file; abort the upload and start afresh"));
                return;
            }
            already += p.getSize();
            etags.add(new PartETag(n, p.getETag()));
        }
        if (t.legacy) {
            // From now on the caller can hold a token with a fingerprint.
            upload.publishToken(S3ResumeToken.of(t.bucket, t.objectKey, t.uploadId, t.partSize, t.threshold,
                    file.toString(), fp.size(), fp.modifiedMillis(), md5, null).toJson());
        }
        upload.storedAlready(already);
        client.watch(t.uploadId, upload);
        try {
            List<Future<PartETag>> sending = new ArrayList<>();
            for (int n = 1; n <= partCount; n++) {
                if (stored.containsKey(n)) {
                    continue;
                }
                final UploadPartRequest part = new UploadPartRequest().withBucketName(t.bucket).withKey(t.objectKey)
                        .withUploadId(t.uploadId).withPartNumber(n).withFile(file.toFile())
                        .withFileOffset((n - 1) * partSize).withPartSize(PartSizes.partLength(fp.size(), partSize, n))
                        .withLastPart(n == partCount);
                Future<PartETag> f;
                try {
                    f = partPool.submit(new java.util.concurrent.Callable<PartETag>() {
                        @Override
                        public PartETag call() {
                            return client.uploadPart(part).getPartETag();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    upload.cancelled();
                    return;
                }
                if (!upload.attach(f)) {
                    upload.cancelled();
                    return;
                }
                sending.add(f);
            }
            for (int i = 0; i < sending.size(); i++) {
                try {
                    etags.add(awaitDelivering(upload, sending.get(i)));
                } catch (CancellationException | InterruptedException e) {
                    cancelAll(sending);
                    upload.cancelled();
                    return;
                } catch (ExecutionException e) {
                    cancelAll(sending);
                    if (upload.pauseRequested()) {
                        upload.cancelled();
                    } else if (S3Errors.isNoSuchUpload(e.getCause())) {
                        resolveGone(upload, t, request, objectKey, fp, md5, digests);
                    } else {
                        upload.fail(S3Errors.classify(e.getCause(), what, settings));
                    }
                    return;
                }
            }
            if (upload.pauseRequested()) {
                upload.cancelled();
                return;
            }
            Collections.sort(etags, new Comparator<PartETag>() {
                @Override
                public int compare(PartETag a, PartETag b) {
                    return Integer.compare(a.getPartNumber(), b.getPartNumber());
                }
            });
            try {
                client.completeMultipartUpload(new CompleteMultipartUploadRequest(t.bucket, t.objectKey, t.uploadId, etags));
            } catch (RuntimeException e) {
                if (S3Errors.isNoSuchUpload(e)) {
                    // Perhaps an earlier completion succeeded but its answer was lost.
                    resolveGone(upload, t, request, objectKey, fp, md5, digests);
                } else {
                    upload.fail(S3Errors.classify(e, what, settings));
                }
                return;
            }
        } finally {
            client.unwatch(t.uploadId, upload);
        }
        finish(upload, request, objectKey, fp, md5, digests, what);
    }

    private static void cancelAll(List<? extends Future<?>> futures) {
        for (Future<?> f : futures) {
            f.cancel(true);
        }
    }

    /** Parts of the upload by number, or null when S3 says the upload does not exist. */
    private Map<Integer, PartSummary> listParts(S3ResumeToken t) {
        Map<Integer, PartSummary> parts = new LinkedHashMap<>();
        Integer marker = null;
        while (true) {
            ListPartsRequest req = new ListPartsRequest(t.bucket, t.objectKey, t.uploadId);
            if (marker != null) {
                req.setPartNumberMarker(marker);
            }
            PartListing page;
            try {
                page = client.listParts(req);
            } catch (AmazonServiceException e) {
                if (S3Errors.isNoSuchUpload(e) || e.getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
            for (PartSummary p : page.getParts()) {
                parts.put(p.getPartNumber(), p);
            }
            Integer next = page.getNextPartNumberMarker();
            if (!page.isTruncated() || next == null || (marker != null && next <= marker)) {
                return parts;
            }
            marker = next;
        }
    }

    /** True when ListMultipartUploads shows the token's upload. */
    private boolean isListed(S3ResumeToken t) {
        for (MultipartUpload u : listUploads(t.objectKey)) {
            if (u.getUploadId().equals(t.uploadId) && u.getKey().equals(t.objectKey)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The multipart upload is gone. If the complete object is already at the key (an earlier
     * attempt completed it), the upload is done; otherwise the caller must start afresh.
     */
    private void resolveGone(S3Upload upload, S3ResumeToken t, UploadRequest request, String objectKey,
            FileFingerprint fp, String md5, FileDigests digests) {
        try {
            ObjectMetadata m = head(objectKey);
            if (m != null && proves(m, fp.size(), md5, digests) == null) {
                upload.succeed(new UploadResult(request.key(), fp.size(), md5, upload.sentBytes()));
                return;
            }
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, "checking " + where(objectKey), settings));
            return;
        }
        upload.fail(UploadException.resumeRejected("multipart upload " + t.uploadId + " of " + where(objectKey)
                + " is gone (aborted, expired by a lifecycle rule, or completed elsewhere) and the object there does not "
                + "hold this file; start the upload afresh"));
    }

    // ------------------------------------------------------------------ verification

    /** HEADs the object and completes the upload only if it holds exactly the local file. */
    private void finish(S3Upload upload, UploadRequest request, String objectKey, FileFingerprint before, String md5,
            FileDigests digests, String what) {
        try {
            FileFingerprint after = FileFingerprint.of(request.file());
            if (!after.equals(before)) {
                upload.fail(UploadException.retryable(what + ": the local file changed while it was uploaded (then "
                        + before + ", now " + after + "); upload it again once it is complete", null));
                return;
            }
        } catch (IOException e) {
            upload.fail(UploadException.permanent(what + ": the local file vanished during the upload (" + e.getMessage() + ")", e));
            return;
        }
        ObjectMetadata m;
        try {
            m = head(objectKey);
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, "verifying " + where(objectKey), settings));
            return;
        }
        if (m == null) {
            upload.fail(UploadException.retryable(what + ": the object is missing right after the upload completed "
                    + "(deleted by another process?); upload again", null));
            return;
        }
        String problem = proves(m, before.size(), md5, digests);
        if (problem != null) {
            boolean noChecksum = problem.startsWith("no checksum");
            String msg = what + ": the stored object could not be verified: " + problem;
            upload.fail(noChecksum ? UploadException.permanent(msg + "; the store seems to drop user metadata "
                    + "(x-amz-meta-" + MD5_METADATA + "), so no upload can be proven complete", null)
                    : UploadException.retryable(msg + "; another writer may have replaced it, upload again", null));
            return;
        }
        upload.succeed(new UploadResult(request.key(), before.size(), md5, upload.sentBytes()));
    }

    /** Null when {@code m} proves the object is the file with this size and MD5, else what is wrong. */
    private static String proves(ObjectMetadata m, long size, String md5, FileDigests digests) {
        if (m.getContentLength() != size) {
            return "it has " + m.getContentLength() + " bytes, the local file " + size;
        }
        String etag = FileDigests.normalizeEtag(m.getETag());
        String stored = m.getUserMetadata().get(MD5_METADATA);
        if (stored != null) {
            if (!stored.equals(md5)) {
                return "its md5 metadata is " + stored + ", the local file's MD5 " + md5;
            }
            if (Checksums.isMd5Hex(etag) && etagIsContentMd5(m) && !etag.equals(md5)) {
                return "its ETag " + etag + " (the MD5 of its bytes) is not the local file's MD5 " + md5;
            }
            return null;
        }
        if (etag != null && (etag.equals(md5) || (digests != null && etag.equals(digests.multipartEtag())))) {
            return null;
        }
        return "no checksum to compare: no md5 metadata and ETag " + etag + " is not the file's MD5";
    }

    /** True when a non-multipart ETag is the MD5 of the content: not under SSE-KMS or SSE-C. */
    private static boolean etagIsContentMd5(ObjectMetadata m) {
        String sse = m.getSSEAlgorithm();
        return (sse == null || "AES256".equals(sse)) && m.getSSECustomerAlgorithm() == null;
    }

    private ObjectMetadata head(String objectKey) {
        try {
            return client.getObjectMetadata(settings.bucket, objectKey);
        } catch (AmazonServiceException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
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
            for (MultipartUpload u : listUploads(prefix)) {
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

    /** All multipart uploads whose key starts with {@code prefix}, every page. */
    private List<MultipartUpload> listUploads(String prefix) {
        List<MultipartUpload> all = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            ListMultipartUploadsRequest req = new ListMultipartUploadsRequest(settings.bucket).withPrefix(prefix)
                    .withKeyMarker(keyMarker).withUploadIdMarker(idMarker);
            MultipartUploadListing page = client.listMultipartUploads(req);
            all.addAll(page.getMultipartUploads());
            String nextKey = page.getNextKeyMarker();
            String nextId = page.getNextUploadIdMarker();
            // Stop also when a store claims truncation without moving the markers, instead of looping.
            if (!page.isTruncated() || nextKey == null
                    || (nextKey.equals(keyMarker) && (nextId == null || nextId.equals(idMarker)))) {
                return all;
            }
            keyMarker = nextKey;
            idMarker = nextId;
        }
    }

    @Override
    public Optional<RemoteObject> stat(String key) throws UploadException {
        ensureOpen();
        String objectKey = objectKey(key);
        ObjectMetadata m;
        try {
            m = head(objectKey);
        } catch (RuntimeException e) {
            throw S3Errors.classify(e, "reading " + where(objectKey), settings);
        }
        if (m == null) {
            return Optional.empty();
        }
        String md5 = m.getUserMetadata().get(MD5_METADATA);
        if (!Checksums.isMd5Hex(md5)) {
            // A single PUT's ETag is its MD5, unless SSE-KMS/SSE-C encrypted it.
            String etag = FileDigests.normalizeEtag(m.getETag());
            md5 = Checksums.isMd5Hex(etag) && etagIsContentMd5(m) ? etag : null;
        }
        return Optional.of(new RemoteObject(key, m.getContentLength(), md5, m.getContentType(), m.getUserMetadata()));
    }

    // ------------------------------------------------------------------ bucket check, close

    /**
     * HEADs the bucket (configuration key checkBucket) and explains a 403, 404 or region mismatch.
     */
    void checkBucket() throws UploadException {
        String what = "checking bucket '" + settings.bucket + "'";
        try {
            client.headBucket(new HeadBucketRequest(settings.bucket));
        } catch (AmazonServiceException e) {
            int status = e.getStatusCode();
            if (status == 404) {
                throw UploadException.permanent(what + ": it does not exist at " + endpointName() + " (HTTP 404); "
                        + "create it or fix '" + S3Settings.BUCKET + "' / '" + S3Settings.ENDPOINT + "'", e);
            }
            if (status == 403) {
                throw UploadException.permanent(what + ": access denied (HTTP 403): the credentials are wrong or lack "
                        + "s3:ListBucket on arn:aws:s3:::" + settings.bucket + "; fix the credentials or the policy, or "
                        + "set '" + S3Settings.CHECK_BUCKET + "' to false if the policy deliberately allows only writes", e);
            }
            if (status == 301 || status == 400 || status == 307) {
                String actual = null;
                try {
                    actual = client.getBucketLocation(settings.bucket);
                } catch (RuntimeException ignored) {
                    // the region stays unnamed in the message
                }
                throw UploadException.permanent(what + ": it is not in region " + settings.effectiveRegion() + " (HTTP "
                        + status + "); set '" + S3Settings.REGION + "' to "
                        + (actual != null ? (actual.isEmpty() || "US".equals(actual) ? "us-east-1" : actual) : "the bucket's region"), e);
            }
            throw S3Errors.classify(e, what, settings);
        } catch (RuntimeException e) {
            throw S3Errors.classify(e, what, settings);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (S3Upload u : running) {
            u.pause();
        }
        runPool.shutdownNow();
        partPool.shutdownNow();
        // Closes pooled and in-use connections, so parts blocked in socket writes end too.
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
        return "s3://" + settings.bucket + "/" + objectKey;
    }

    private String endpointName() {
        return settings.endpoint != null ? settings.endpoint : "Amazon S3 (region " + settings.effectiveRegion() + ")";
    }

    private static ThreadFactory daemonThreads(final String prefix) {
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
