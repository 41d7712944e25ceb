package org.s3upload.provider.s3;

import java.io.IOException;
import java.util.concurrent.CancellationException;

import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;

import com.amazonaws.services.s3.model.ObjectMetadata;

/**
 * The last step of every upload: the object HEAD shows must hold exactly the bytes read from the
 * local file. Its size must match, and where S3's ETag is an MD5 (no SSE-KMS / SSE-C) the ETag must
 * equal the checksum computed in the same pass that sent the bytes: the MD5 of a single PUT, or
 * md5(concatenated part MD5s)-N of a multipart upload. Under SSE-KMS / SSE-C the proof is what it
 * can be: the store checked every body's Content-MD5 and accepted it, and the size matches
 * ({@link UploadResult.Proof#ACCEPTED_DIGESTS}). Anything else fails the upload.
 */
final class UploadVerification {
    private final RemoteState remote;
    private final S3Settings settings;
    private final Md5Backfill backfill;

    UploadVerification(RemoteState remote, S3Settings settings, Md5Backfill backfill) {
        this.remote = remote;
        this.settings = settings;
        this.backfill = backfill;
    }

    /**
     * The multipart upload is gone. If the complete object is already at the key (an earlier
     * attempt completed it) and its checksum, recomputed from the local file, is the stored one, the
     * upload is done; otherwise the caller must start afresh.
     */
    void resolveGone(S3Upload upload, S3ResumeToken t, UploadRequest request, String objectKey, FileFingerprint fp) {
        String what = "checking " + S3Errors.where(settings.bucket, objectKey);
        try {
            ObjectMetadata m = remote.headIfPresent(objectKey);
            Checksum stored = m == null || m.getContentLength() != fp.size() ? null
                    : StoredChecksum.of(m, PartSizes.sdkPartSize(fp.size(), t.partSize),
                            PartSizes.forFile(fp.size(), settings.partSize));
            if (stored != null && Checksums.of(request.file(), stored).equals(stored)) {
                succeed(upload, request, objectKey, m, fp.size(), stored, what);
                return;
            }
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, what, settings));
            return;
        } catch (IOException e) {
            upload.fail(UploadException.resumeRejected(what + " against " + request.file()
                    + " failed: cannot read the local file (" + e.getMessage() + ")"));
            return;
        }
        upload.fail(UploadException.resumeRejected("multipart upload " + t.uploadId + " of "
                + S3Errors.where(settings.bucket, objectKey) + " is gone (aborted, expired by a lifecycle rule, or completed elsewhere) and the object there does not "
                + "hold this file; start the upload afresh"));
    }

    /** HEADs the object and completes the upload only if it holds exactly the bytes sent ({@code sent}). */
    void finish(S3Upload upload, UploadRequest request, String objectKey, FileFingerprint before, Checksum sent,
            String what) {
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
            m = remote.head(objectKey);
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, "verifying " + S3Errors.where(settings.bucket, objectKey), settings));
            return;
        }
        if (m == null) {
            upload.fail(UploadException.retryable(what + ": the object is missing right after the upload completed "
                    + "(deleted by another process?); upload again", null));
            return;
        }
        if (m.getContentLength() != before.size()) {
            failUnproven(upload, what, "it has " + m.getContentLength() + " bytes, the local file " + before.size());
            return;
        }
        if (StoredChecksum.etagIsMd5(m) && StoredChecksum.etagsAreMd5(settings)) {
            String etag = FileDigests.normalizeEtag(m.getETag());
            if (!sent.etag().equals(etag)) {
                failUnproven(upload, what, "its ETag " + etag + " is not " + sent.etag() + ", the "
                        + (sent.kind() == Checksum.Kind.MD5 ? "MD5" : "md5 of the part MD5s") + " of the bytes read from "
                        + request.file() + " and sent: a part or the object was altered or replaced");
                return;
            }
            succeed(upload, request, objectKey, m, before.size(), sent, what);
            return;
        }
        // SSE-KMS / SSE-C: the store checked each body's Content-MD5 when it accepted it; the size matches.
        upload.succeed(new UploadResult(request.key(), before.size(), sent, UploadResult.Proof.ACCEPTED_DIGESTS,
                upload.sentBytes()));
    }

    /**
     * The object at {@code objectKey} (now {@code m}) is proven to hold {@code proven}. It must also
     * show that checksum to {@code stat} later; an object without our part-size metadata (begun by
     * the original module, or on a store that drops user metadata) gets it by a copy in place first,
     * and the copy's own checksum is then recomputed from the local file.
     */
    private void succeed(S3Upload upload, UploadRequest request, String objectKey, ObjectMetadata m, long size,
            Checksum proven, String what) {
        if (proven.equals(StoredChecksum.of(m, PartSizes.forFile(size, settings.partSize)))) {
            upload.succeed(new UploadResult(request.key(), size, proven, UploadResult.Proof.STORED_CHECKSUM, upload.sentBytes()));
            return;
        }
        String step = what + " (after adding its part-size metadata by a copy in place)";
        try {
            backfill.addMetadata(objectKey, m, StoredChecksum.PART_SIZE_METADATA, String.valueOf(backfill.copyPartSize()));
            ObjectMetadata after = remote.head(objectKey);
            Checksum copied = after == null || after.getContentLength() != size ? null
                    : StoredChecksum.of(after, PartSizes.forFile(size, settings.partSize));
            if (copied != null && Checksums.of(request.file(), copied).equals(copied)) {
                upload.succeed(new UploadResult(request.key(), size, copied, UploadResult.Proof.STORED_CHECKSUM,
                        upload.sentBytes()));
                return;
            }
            upload.fail(UploadException.permanent(step + ": the stored object could not be verified: it shows no "
                    + "checksum that the local file reproduces (" + (after == null ? "it is gone" : "ETag " + after.getETag())
                    + "); the store seems to drop user metadata (x-amz-meta-" + StoredChecksum.PART_SIZE_METADATA
                    + "), so no multipart upload can be proven later", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upload.cancelled();
        } catch (CancellationException e) {
            upload.cancelled(); // the target was closed; the object is proven, the metadata comes at the resume
        } catch (IOException e) {
            upload.fail(UploadException.retryable(step + ": cannot read the local file (" + e.getMessage() + ")", e));
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, step + " (needs s3:GetObject and s3:PutObject on it)", settings));
        }
    }

    private static void failUnproven(S3Upload upload, String what, String problem) {
        upload.fail(UploadException.retryable(what + ": the stored object could not be verified: " + problem
                + "; the local file is kept, upload again", null));
    }
}
