package org.s3upload.provider.s3;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.amazonaws.services.s3.transfer.internal.AbstractTransfer;
import com.amazonaws.services.s3.transfer.internal.TransferMonitor;

/**
 * Waits on an upload's own thread for work done on the part pool, delivering the upload's progress
 * to its listener meanwhile, and turns a pause into a {@link CancellationException}.
 */
final class DeliveringWait {
    private DeliveringWait() {
    }

    /** {@code f.get()}, delivering the upload's progress while it waits. */
    static <T> T await(S3Upload upload, Future<T> f) throws ExecutionException, InterruptedException {
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

    /**
     * Waits for the SDK transfer as {@code Upload.waitForUploadResult} does (its monitor hands over
     * from the upload task to the completion task), but delivers progress from this thread meanwhile.
     */
    static com.amazonaws.services.s3.transfer.model.UploadResult awaitTransfer(S3Upload upload,
            com.amazonaws.services.s3.transfer.Upload sdk) throws ExecutionException, InterruptedException {
        TransferMonitor monitor = ((AbstractTransfer) sdk).getMonitor();
        while (true) {
            Future<?> f = monitor.getFuture();
            Object result = await(upload, f);
            if (monitor.isDone() && result != null) {
                return (com.amazonaws.services.s3.transfer.model.UploadResult) result;
            }
        }
    }
}
