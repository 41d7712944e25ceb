package org.s3upload.provider.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.UploadException;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.AbortMultipartUploadRequest;
import com.amazonaws.services.s3.model.MultipartUpload;
import com.amazonaws.services.s3.model.PartSummary;

/**
 * The multipart uploads left in the bucket under the key prefix: listing them (with abort-only
 * tokens), the bytes they hold, and aborting one, the only way anything here aborts an upload.
 */
final class IncompleteUploads {
    private final AmazonS3 client;
    private final RemoteState remote;
    private final S3Settings settings;
    private final TargetKeys keys;

    IncompleteUploads(AmazonS3 client, RemoteState remote, S3Settings settings, TargetKeys keys) {
        this.client = client;
        this.remote = remote;
        this.settings = settings;
        this.keys = keys;
    }

    /** Aborts the upload of any token (abort-only included); one that is gone already is no error. */
    void abort(String resumeToken) throws UploadException {
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

    List<IncompleteUpload> list(String keyPrefix) throws UploadException {
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
            throw S3Errors.classify(e, "listing incomplete uploads under " + keys.where(prefix), settings);
        }
        return out;
    }

    /** The bytes of the parts the upload holds; empty when the upload is gone. */
    OptionalLong storedBytes(IncompleteUpload upload) throws UploadException {
        String objectKey = settings.keyPrefix + upload.key();
        Map<Integer, PartSummary> parts;
        try {
            parts = remote.listParts(settings.bucket, objectKey, upload.uploadId());
        } catch (RuntimeException e) {
            throw S3Errors.classify(e, "listing the parts of upload " + upload.uploadId() + " of " + keys.where(objectKey),
                    settings);
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
}
