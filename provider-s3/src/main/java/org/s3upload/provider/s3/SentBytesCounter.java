package org.s3upload.provider.s3;

import com.amazonaws.event.ProgressEvent;
import com.amazonaws.event.ProgressEventType;
import com.amazonaws.event.SyncProgressListener;

/**
 * Counts the payload bytes of one request (a part, or a single PUT) towards its upload, each byte
 * once: when the SDK retries the request it rewinds the body (a reset event) and sends it again,
 * and only bytes beyond the furthest point reached before count again. So an upload's bytesSent
 * never exceeds the file size, and a resume's shows exactly what it saved. Events of one request
 * arrive on one thread (a synchronous listener), in order.
 */
final class SentBytesCounter extends SyncProgressListener {
    private final S3Upload upload;
    private final long payloadBytes;
    private long attempt;
    private long furthest;

    SentBytesCounter(S3Upload upload, long payloadBytes) {
        this.upload = upload;
        this.payloadBytes = payloadBytes;
    }

    @Override
    public void progressChanged(ProgressEvent e) {
        ProgressEventType type = e.getEventType();
        if (type == ProgressEventType.HTTP_REQUEST_CONTENT_RESET_EVENT) {
            attempt = 0;
        } else if (type == ProgressEventType.REQUEST_BYTE_TRANSFER_EVENT) {
            attempt = Math.min(payloadBytes, attempt + e.getBytesTransferred());
            if (attempt > furthest) {
                upload.bytesSent(attempt - furthest);
                furthest = attempt;
            }
        }
    }
}
