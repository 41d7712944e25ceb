package org.s3upload.provider.s3;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadRequest;

import com.amazonaws.services.s3.model.CompleteMultipartUploadRequest;
import com.amazonaws.services.s3.model.PartETag;
import com.amazonaws.services.s3.model.PartSummary;
import com.amazonaws.services.s3.model.UploadPartRequest;

/**
 * Resumes a multipart upload: lists the parts the server holds, proves each by hashing the slice of
 * the local file it should hold and comparing with its ETag, sends the missing and the differing
 * ones on the target's part pool (read and hashed once each, as fresh parts are) and completes the
 * upload.
 *
 * <p>Not {@code TransferManager.resumeUpload}: in SDK 1.10.77 it rewrites the shared
 * TransferManagerConfiguration, takes no progress listener, and aborts the very upload it was asked
 * to resume when its ListParts call fails or is interrupted ({@code UploadCallable.uploadInParts}).
 * Nothing here aborts an upload.
 */
final class MissingPartsUpload {
    private final S3Settings settings;
    private final ObservedS3Client client;
    private final RemoteState remote;
    private final ExecutorService partPool;
    private final UploadVerification verification;

    MissingPartsUpload(S3Settings settings, ObservedS3Client client, RemoteState remote, ExecutorService partPool,
            UploadVerification verification) {
        this.settings = settings;
        this.client = client;
        this.remote = remote;
        this.partPool = partPool;
        this.verification = verification;
    }

    void run(S3Upload upload, S3ResumeToken t, UploadRequest request, String objectKey, FileFingerprint fp) {
        Path file = request.file();
        String what = "resuming upload " + t.uploadId + " of " + file + " to " + S3Errors.where(settings.bucket, objectKey);
        long partSize = PartSizes.sdkPartSize(fp.size(), t.partSize);
        int partCount = PartSizes.partCount(fp.size(), partSize);
        Map<Integer, PartSummary> stored;
        try {
            stored = remote.listParts(t.bucket, t.objectKey, t.uploadId);
            // Real S3 answers NoSuchUpload for a gone upload; some stores list it as empty instead.
            if (stored != null && stored.isEmpty() && !remote.isListed(t.objectKey, t.uploadId)) {
                stored = null;
            }
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, what, settings));
            return;
        }
        if (stored == null) {
            verification.resolveGone(upload, t, request, objectKey, fp);
            return;
        }
        long already = 0;
        List<PartETag> etags = new ArrayList<>();
        Set<Integer> toSend = new TreeSet<>();
        for (int n = 1; n <= partCount; n++) {
            toSend.add(n);
        }
        // Prove the stored parts: hash the local slices they should hold (one pass over those bytes)
        // and compare with their ETags. A part that differs is sent again; the new one replaces it.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (PartSummary p : stored.values()) {
                int n = p.getPartNumber();
                long expected = PartSizes.partLength(fp.size(), partSize, n);
                if (n < 1 || n > partCount || p.getSize() != expected) {
                    upload.fail(UploadException.resumeRejected(what + ": stored part " + n + " has " + p.getSize()
                            + " bytes but that part of the local file has " + expected + "; the file changed, abort the "
                            + "token and start afresh"));
                    return;
                }
                if (upload.pauseRequested()) {
                    upload.cancelled();
                    return;
                }
                byte[] md5 = FileDigests.md5(ch, (n - 1) * partSize, expected);
                if (StoredChecksum.etagsAreMd5(settings)
                        && !Checksums.hex(md5).equals(FileDigests.normalizeEtag(p.getETag()))) {
                    continue; // other bytes than the local file's: re-sent below
                }
                upload.parts().put(n, md5);
                toSend.remove(n);
                already += p.getSize();
                etags.add(new PartETag(n, p.getETag()));
            }
        } catch (IOException e) {
            upload.fail(UploadException.resumeRejected(what + " failed: cannot read the local file (" + e.getMessage() + ")"));
            return;
        }
        if (t.legacy) {
            // From now on the caller can hold a token with a fingerprint.
            upload.publishToken(S3ResumeToken.of(t.bucket, t.objectKey, t.uploadId, t.partSize, t.threshold,
                    file.toString(), fp.size(), fp.modifiedMillis(), null, null).toJson());
        }
        upload.storedAlready(already);
        upload.reportStored();
        client.watch(t.uploadId, upload);
        try {
            List<Future<PartETag>> sending = new ArrayList<>();
            for (int n : toSend) {
                final UploadPartRequest part = new UploadPartRequest().withBucketName(t.bucket).withKey(t.objectKey)
                        .withUploadId(t.uploadId).withPartNumber(n).withFile(file.toFile())
                        .withFileOffset((n - 1) * partSize).withPartSize(PartSizes.partLength(fp.size(), partSize, n))
                        .withLastPart(n == partCount);
                Future<PartETag> f;
                try {
                    f = partPool.submit(new Callable<PartETag>() {
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
                    etags.add(DeliveringWait.await(upload, sending.get(i)));
                } catch (CancellationException | InterruptedException e) {
                    cancelAll(sending);
                    upload.cancelled();
                    return;
                } catch (ExecutionException e) {
                    cancelAll(sending);
                    if (upload.pauseRequested()) {
                        upload.cancelled();
                    } else if (S3Errors.isNoSuchUpload(e.getCause())) {
                        verification.resolveGone(upload, t, request, objectKey, fp);
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
                    verification.resolveGone(upload, t, request, objectKey, fp);
                } else {
                    upload.fail(S3Errors.classify(e, what, settings));
                }
                return;
            }
        } finally {
            client.unwatch(t.uploadId, upload);
        }
        Checksum sent = upload.parts().checksum(partCount, partSize);
        if (sent == null) {
            upload.fail(UploadException.retryable(what + ": the MD5 of a part is unknown, so the object cannot be "
                    + "proven; upload again", null));
            return;
        }
        verification.finish(upload, request, objectKey, fp, sent, what);
    }

    private static void cancelAll(List<? extends Future<?>> futures) {
        for (Future<?> f : futures) {
            f.cancel(true);
        }
    }

}
