package org.s3upload.provider.s3;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.s3upload.api.UploadException;
import org.s3upload.api.UploadRequest;
import org.s3upload.spi.support.FileFingerprint;

/**
 * A resume token found fit for a request before anything is sent: not an abort-only token, for
 * this bucket and key, and for the local file as it is now (unchanged since the upload began, or
 * for a legacy marker, the file it names). Immutable.
 */
final class CheckedResume {
    final S3ResumeToken token;
    final String objectKey;
    final FileFingerprint fingerprint;

    private CheckedResume(S3ResumeToken token, String objectKey, FileFingerprint fingerprint) {
        this.token = token;
        this.objectKey = objectKey;
        this.fingerprint = fingerprint;
    }

    /** Fails with RESUME_REJECTED (or PERMANENT for a bad key) naming what does not fit and what to do. */
    static CheckedResume check(String resumeToken, UploadRequest request, TargetKeys keys, String bucket)
            throws UploadException {
        S3ResumeToken t = S3ResumeToken.parse(resumeToken);
        String objectKey = keys.objectKey(request.key());
        if (t.abortOnly) {
            throw UploadException.resumeRejected("the token of " + keys.where(t.objectKey) + " (upload id " + t.uploadId
                    + ") came from listIncomplete and can only abort; abort it and start the upload afresh");
        }
        if (!t.bucket.equals(bucket) || !t.objectKey.equals(objectKey)) {
            throw UploadException.resumeRejected("the resume token is for s3://" + t.bucket + "/" + t.objectKey
                    + ", but this request writes " + keys.where(objectKey) + "; abort the token and start afresh");
        }
        Path file = request.file();
        FileFingerprint fp;
        try {
            fp = FileFingerprint.of(file);
        } catch (IOException e) {
            throw UploadException.resumeRejected("cannot resume " + keys.where(objectKey) + ": the local file " + file
                    + " cannot be read (" + e.getMessage() + ")");
        }
        if (t.legacy) {
            if (!Paths.get(t.file).toAbsolutePath().normalize().equals(file.normalize())) {
                throw UploadException.resumeRejected("the legacy upload marker of " + keys.where(objectKey) + " names file "
                        + t.file + ", not " + file + "; abort it and start afresh");
            }
        } else if (fp.size() != t.fileSize || fp.modifiedMillis() != t.fileMtime) {
            throw UploadException.resumeRejected("cannot resume " + keys.where(objectKey) + ": " + file
                    + " changed since the upload began (then size=" + t.fileSize + " mtime=" + t.fileMtime + ", now "
                    + fp + "); abort the token and upload the file afresh");
        }
        return new CheckedResume(t, objectKey, fp);
    }
}
