package org.s3upload.provider.s3;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.spi.support.ThrottleGate;

/**
 * A bucket (and key prefix) on Amazon S3 or an S3-compatible store: the SPI, handing each call to
 * the class that does that one job.
 *
 * <p>Fresh uploads go through the SDK's TransferManager ({@link FreshUpload}: single PUT up to the
 * threshold, parallel parts above it). Resumes do not use {@code TransferManager.resumeUpload}: in
 * SDK 1.10.77 it rewrites the shared TransferManagerConfiguration, takes no progress listener, and
 * aborts the multipart upload (destroying what it was asked to resume) when its ListParts call fails
 * or is interrupted by a pause ({@code UploadCallable.uploadInParts}). Resumes therefore list the
 * parts themselves, check them against the local file, send the missing ones on the same thread
 * pool and complete the upload ({@link MissingPartsUpload}); nothing here ever aborts an upload
 * except {@link #abort(String)}.
 */
final class S3UploadTarget implements UploadTarget {
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final S3Settings settings;
    private final ObservedS3Client client;
    private final TargetKeys keys;
    private final Md5Backfill backfill;
    /** Runs parts (fresh and resumed) and the TransferManager's own tasks. */
    private final ExecutorService partPool;
    private final UploadRuns runs;
    private final FreshUpload fresh;
    private final MissingPartsUpload resumer;
    private final IncompleteUploads incomplete;
    private final ObjectStat stat;

    S3UploadTarget(S3Settings settings) {
        this.settings = settings;
        this.client = S3ClientFactory.create(settings);
        this.keys = new TargetKeys(settings);
        RemoteState remote = new RemoteState(client, settings.bucket);
        this.partPool = Executors.newFixedThreadPool(settings.threads, new DaemonThreads("s3upload-s3-part-"));
        this.runs = new UploadRuns(settings);
        this.backfill = new Md5Backfill(client, settings);
        UploadVerification verification = new UploadVerification(remote, settings, backfill);
        this.fresh = new FreshUpload(settings, client, new TransferManagers(client, partPool, settings.threshold),
                verification, keys);
        this.resumer = new MissingPartsUpload(settings, client, remote, partPool, verification);
        this.incomplete = new IncompleteUploads(client, remote, settings, keys);
        this.stat = new ObjectStat(remote, settings, keys);
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

    @Override
    public org.s3upload.api.Upload start(final UploadRequest request, UploadListener listener) throws UploadException {
        runs.ensureOpen();
        final String objectKey = keys.objectKey(request.key());
        final FileFingerprint fp;
        try {
            fp = FileFingerprint.of(request.file());
        } catch (IOException e) {
            throw UploadException.permanent("cannot upload " + request.file() + " to " + keys.where(objectKey)
                    + ": the file cannot be read (" + e.getMessage() + "); check that it exists and is readable", e);
        }
        final S3Upload upload = new S3Upload(request.key(), fp.size(), listener, null, ThrottleGate.of(request));
        runs.launch(upload, new Runnable() {
            @Override
            public void run() {
                fresh.run(upload, request, objectKey, fp);
            }
        });
        return upload;
    }

    @Override
    public org.s3upload.api.Upload resume(String resumeToken, final UploadRequest request, UploadListener listener)
            throws UploadException {
        runs.ensureOpen();
        final CheckedResume r = CheckedResume.check(resumeToken, request, keys, settings.bucket);
        final S3Upload upload = new S3Upload(request.key(), r.fingerprint.size(), listener,
                r.token.legacy ? null : resumeToken, ThrottleGate.of(request));
        runs.launch(upload, new Runnable() {
            @Override
            public void run() {
                resumer.run(upload, r.token, request, r.objectKey, r.fingerprint);
            }
        });
        return upload;
    }

    @Override
    public void abort(String resumeToken) throws UploadException {
        runs.ensureOpen();
        incomplete.abort(resumeToken);
    }

    @Override
    public List<IncompleteUpload> listIncomplete(String keyPrefix) throws UploadException {
        runs.ensureOpen();
        return incomplete.list(keyPrefix);
    }

    @Override
    public Optional<String> location(String key) {
        return keys.location(key);
    }

    @Override
    public OptionalLong storedBytes(IncompleteUpload upload) throws UploadException {
        runs.ensureOpen();
        return incomplete.storedBytes(upload);
    }

    @Override
    public Optional<RemoteObject> stat(String key) throws UploadException {
        runs.ensureOpen();
        return stat.of(key);
    }

    /** HEADs the bucket and explains a 403, 404 or region mismatch (configuration key checkBucket). */
    void checkBucket() throws UploadException {
        BucketCheck.run(client, settings);
    }

    @Override
    public void close() {
        if (!runs.close()) {
            return;
        }
        partPool.shutdownNow();
        backfill.close();
        // Closes pooled and in-use connections, so parts blocked in socket reads or writes end too.
        client.shutdown();
        long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
        try {
            partPool.awaitTermination(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            runs.awaitStopped(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
