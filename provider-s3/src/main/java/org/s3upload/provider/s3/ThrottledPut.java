package org.s3upload.provider.s3;

import java.io.File;

import org.s3upload.spi.support.ThrottleGate;

import com.amazonaws.services.s3.model.PutObjectRequest;

/**
 * A PutObjectRequest that carries its upload's throttle to {@link ObservedS3Client#putObject}: the
 * TransferManager hands the very request it was given to {@code putObject} for a single PUT
 * (SDK 1.10.77 {@code UploadCallable.uploadInOneChunk}), and a single PUT has no upload id by
 * which the client could find its upload.
 */
final class ThrottledPut extends PutObjectRequest {
    private static final long serialVersionUID = 1L;

    private final transient ThrottleGate throttle;

    ThrottledPut(String bucket, String key, File file, ThrottleGate throttle) {
        super(bucket, key, file);
        this.throttle = throttle;
    }

    ThrottleGate throttle() {
        return throttle;
    }
}
