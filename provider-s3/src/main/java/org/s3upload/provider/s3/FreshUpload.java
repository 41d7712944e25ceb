package org.s3upload.provider.s3;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.s3upload.api.Checksum;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadRequest;
import org.s3upload.internal.Json;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.spi.support.ThrottleGate;

import com.amazonaws.event.ProgressEvent;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.transfer.PauseResult;
import com.amazonaws.services.s3.transfer.PersistableTransfer;
import com.amazonaws.services.s3.transfer.PersistableUpload;
import com.amazonaws.services.s3.transfer.TransferManager;
import com.amazonaws.services.s3.transfer.internal.S3SyncProgressListener;
import com.amazonaws.services.s3.transfer.internal.TransferManagerUtils;

/**
 * Sends a file afresh through the SDK's TransferManager: one PUT up to the threshold, parallel parts
 * above it (each read and hashed once, sent with its MD5 as Content-MD5 by {@link ObservedS3Client}).
 * A multipart upload publishes its resume token before any part is sent. Then the object is proven
 * ({@link UploadVerification}).
 */
final class FreshUpload {
    private final S3Settings settings;
    private final ObservedS3Client client;
    private final TransferManagers transferManagers;
    private final UploadVerification verification;
    private final TargetKeys keys;

    FreshUpload(S3Settings settings, ObservedS3Client client, TransferManagers transferManagers,
            UploadVerification verification, TargetKeys keys) {
        this.settings = settings;
        this.client = client;
        this.transferManagers = transferManagers;
        this.verification = verification;
        this.keys = keys;
    }

    void run(final S3Upload upload, UploadRequest request, final String objectKey, final FileFingerprint fp) {
        final Path file = request.file();
        String what = "uploading " + file + " to " + keys.where(objectKey);
        if (upload.pauseRequested()) {
            upload.cancelled();
            return;
        }
        final String contentType = request.contentType().isPresent() ? request.contentType().get()
                : org.s3upload.internal.ContentTypes.forKey(file.getFileName().toString());
        final long partSize = PartSizes.forFile(fp.size(), settings.partSize);
        TransferManager tm = transferManagers.forPartSize(partSize);
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
                DeliveringWait.awaitTransfer(upload, sdk);
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
}
