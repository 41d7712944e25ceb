package org.s3upload.provider.s3;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.amazonaws.AmazonClientException;
import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.event.ProgressListener;
import com.amazonaws.event.ProgressListenerChain;
import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.model.UploadPartRequest;
import com.amazonaws.services.s3.model.UploadPartResult;

/**
 * The S3 client, which also reports every part of a watched multipart upload to its
 * {@link S3Upload}: bytes as they are sent and the part's size once S3 has stored it.
 *
 * <p>Why here and not in a TransferManager listener: {@code TransferManager.resumeUpload} in SDK
 * 1.10.77 takes no listener, and one added afterwards can miss events. Every part, fresh or
 * resumed, passes through {@link #uploadPart}, and the upload id is known before the first part.
 */
final class ObservedS3Client extends AmazonS3Client {
    private final ConcurrentMap<String, S3Upload> watched = new ConcurrentHashMap<>();

    ObservedS3Client(AWSCredentialsProvider credentials, ClientConfiguration config) {
        super(credentials, config);
    }

    void watch(String uploadId, S3Upload upload) {
        watched.put(uploadId, upload);
    }

    void unwatch(String uploadId, S3Upload upload) {
        watched.remove(uploadId, upload);
    }

    @Override
    public UploadPartResult uploadPart(UploadPartRequest request) throws AmazonClientException {
        final S3Upload upload = request.getUploadId() == null ? null : watched.get(request.getUploadId());
        if (upload == null) {
            return super.uploadPart(request);
        }
        ProgressListener counter = new SentBytesCounter(upload, request.getPartSize());
        ProgressListener original = request.getGeneralProgressListener();
        request.setGeneralProgressListener(original == null || original == ProgressListener.NOOP
                ? counter : new ProgressListenerChain(original, counter));
        upload.requestStarted();
        try {
            UploadPartResult result = super.uploadPart(request);
            upload.partStored(request.getPartSize());
            return result;
        } finally {
            upload.requestEnded();
        }
    }
}
