package org.s3upload.provider.s3;

import java.io.IOException;
import java.util.concurrent.CancellationException;

import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;

import com.amazonaws.services.s3.model.ObjectMetadata;

/**
 * The last step of every upload: only an object that HEAD shows to hold exactly the local file
 * (size, and MD5 by metadata or ETag) completes an upload; anything else fails it.
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
     * attempt completed it), the upload is done; otherwise the caller must start afresh.
     */
    void resolveGone(S3Upload upload, S3ResumeToken t, UploadRequest request, String objectKey,
            FileFingerprint fp, String md5, FileDigests digests) {
        try {
            ObjectMetadata m = remote.headIfPresent(objectKey);
            if (m != null && digests == null && lacksMd5Metadata(m) && m.getContentLength() == fp.size()
                    && String.valueOf(FileDigests.normalizeEtag(m.getETag())).contains("-")) {
                // Completed, but not given its md5 metadata (the target closed in between): its
                // multipart ETag can still prove it, from the part MD5s of the local file.
                digests = FileDigests.of(request.file(), PartSizes.sdkPartSize(fp.size(), t.partSize));
            }
            if (m != null && RemoteState.proves(m, fp.size(), md5, digests) == null) {
                if (withMd5Metadata(upload, objectKey, m, fp.size(), md5, "checking " + S3Errors.where(settings.bucket, objectKey))) {
                    upload.succeed(new UploadResult(request.key(), fp.size(), md5, upload.sentBytes()));
                }
                return;
            }
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, "checking " + S3Errors.where(settings.bucket, objectKey), settings));
            return;
        } catch (IOException e) {
            upload.fail(UploadException.resumeRejected("checking " + S3Errors.where(settings.bucket, objectKey)
                    + " against " + request.file() + " failed: cannot read the local file (" + e.getMessage() + ")"));
            return;
        }
        upload.fail(UploadException.resumeRejected("multipart upload " + t.uploadId + " of "
                + S3Errors.where(settings.bucket, objectKey) + " is gone (aborted, expired by a lifecycle rule, or completed elsewhere) and the object there does not "
                + "hold this file; start the upload afresh"));
    }

    /** HEADs the object and completes the upload only if it holds exactly the local file. */
    void finish(S3Upload upload, UploadRequest request, String objectKey, FileFingerprint before, String md5,
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
        String problem = RemoteState.proves(m, before.size(), md5, digests);
        if (problem != null) {
            failUnproven(upload, what, problem);
            return;
        }
        if (withMd5Metadata(upload, objectKey, m, before.size(), md5, what)) {
            upload.succeed(new UploadResult(request.key(), before.size(), md5, upload.sentBytes()));
        }
    }

    /**
     * An object proven by its ETag alone (an upload the original module began, without our md5
     * metadata) gets the metadata before the upload counts as done; otherwise neither {@code stat}
     * nor a later audit could prove it again. True when the object has it; else the upload failed.
     */
    private boolean withMd5Metadata(S3Upload upload, String objectKey, ObjectMetadata m, long size, String md5,
            String what) {
        if (!lacksMd5Metadata(m)) {
            return true;
        }
        try {
            backfill.addMd5(objectKey, m, md5);
            ObjectMetadata after = remote.head(objectKey);
            String problem = after == null ? "it is gone after its metadata was replaced"
                    : RemoteState.proves(after, size, md5, null);
            if (problem == null) {
                return true;
            }
            failUnproven(upload, what + " (after adding its md5 metadata by a copy in place)", problem);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upload.cancelled();
        } catch (CancellationException e) {
            upload.cancelled(); // the target was closed; the object is proven, the metadata comes at the resume
        } catch (RuntimeException e) {
            upload.fail(S3Errors.classify(e, what + ": adding md5 metadata to the verified object by a copy in place"
                    + " (needs s3:GetObject and s3:PutObject on it)", settings));
        }
        return false;
    }

    private static boolean lacksMd5Metadata(ObjectMetadata m) {
        return m.getUserMetadata().get(RemoteState.MD5_METADATA) == null;
    }

    private static void failUnproven(S3Upload upload, String what, String problem) {
        String msg = what + ": the stored object could not be verified: " + problem;
        upload.fail(problem.startsWith("no checksum") ? UploadException.permanent(msg + "; the store seems to drop user metadata "
                + "(x-amz-meta-" + RemoteState.MD5_METADATA + "), so no upload can be proven complete", null)
                : UploadException.retryable(msg + "; another writer may have replaced it, upload again", null));
    }

}
