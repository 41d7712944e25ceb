package org.s3upload.provider.s3;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.s3upload.spi.support.ThrottleGate;

import org.apache.http.client.HttpClient;
import org.apache.http.impl.client.AbstractHttpClient;
import org.apache.http.params.CoreConnectionPNames;
import org.apache.http.params.HttpParams;

import com.amazonaws.AmazonClientException;
import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.event.ProgressListener;
import com.amazonaws.event.ProgressListenerChain;
import com.amazonaws.http.AmazonHttpClient;
import com.amazonaws.http.HttpClientFactory;
import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.PutObjectResult;
import com.amazonaws.services.s3.model.UploadPartRequest;
import com.amazonaws.services.s3.model.UploadPartResult;

/**
 * The S3 client the TransferManager (and our resume) calls for every part and single PUT. It takes
 * over their bodies: each is read once from the file and hashed once ({@link PartBody}), sent with
 * that MD5 as Content-MD5 (so the SDK hashes nothing itself, and the store rejects a damaged body),
 * and a part's returned ETag is compared with it. The MD5 of every part of a watched upload is kept
 * in its {@link S3Upload}, which also hears of bytes as they are sent and of each part stored.
 * Every body draws from its upload's throttle as it is written to the socket ({@link ThrottledBody}).
 *
 * <p>Why here and not in a TransferManager listener: {@code TransferManager.resumeUpload} in SDK
 * 1.10.77 takes no listener, and one added afterwards can miss events. Every part, fresh or
 * resumed, passes through {@link #uploadPart}, and the upload id is known before the first part.
 *
 * <p>Large socket writes: a body held in memory is written from its buffer in 1 MiB writes
 * ({@link BufferedBodyEntity}, through a request interceptor). Any other body goes through
 * httpcore's entity, which copies it in 4 KiB pieces, and every write larger than
 * {@code http.connection.min-chunk-limit} (512 by default) bypasses the connection's session
 * buffer, so each became one {@code send()}; with the limit above 4 KiB and a 128 KiB session
 * buffer, those pieces are gathered into 128 KiB writes. The HTTP client is the SDK's own
 * ({@link HttpClientFactory}) with those two parameters and the interceptor, installed through
 * the public {@link AmazonHttpClient} constructor.
 */
final class ObservedS3Client extends AmazonS3Client {
    /** Session buffer of each connection: the size of the writes to the socket. */
    static final int SOCKET_WRITE_SIZE = 128 * 1024;

    private final ConcurrentMap<String, S3Upload> watched = new ConcurrentHashMap<>();
    private final boolean etagsAreMd5;

    ObservedS3Client(AWSCredentialsProvider credentials, ClientConfiguration config, boolean etagsAreMd5) {
        super(credentials, config);
        this.etagsAreMd5 = etagsAreMd5;
        AmazonHttpClient sdkDefault = client;
        HttpClient http = new HttpClientFactory().createHttpClient(config);
        largeWrites(http.getParams());
        if (http instanceof AbstractHttpClient) { // the SDK's SdkHttpClient is a DefaultHttpClient
            ((AbstractHttpClient) http).addRequestInterceptor(BufferedBodyEntity.INTERCEPTOR);
        }
        client = new AmazonHttpClient(config, http, null);
        sdkDefault.shutdown();
    }

    static void largeWrites(HttpParams params) {
        params.setIntParameter(CoreConnectionPNames.SOCKET_BUFFER_SIZE, SOCKET_WRITE_SIZE);
        params.setIntParameter(CoreConnectionPNames.MIN_CHUNK_LIMIT, 16 * 1024);
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
        PartBody body = takeOver(request);
        if (upload == null) {
            return checked(request, body, send(request, body, null));
        }
        InputStream throttled = body == null ? null : throttle(request, body, upload.throttle());
        ProgressListener counter = new SentBytesCounter(upload, request.getPartSize());
        ProgressListener original = request.getGeneralProgressListener();
        request.setGeneralProgressListener(original == null || original == ProgressListener.NOOP
                ? counter : new ProgressListenerChain(original, counter));
        upload.requestStarted();
        try {
            UploadPartResult result = checked(request, body, send(request, body, upload.throttle()));
            if (body != null) {
                upload.parts().put(request.getPartNumber(), body.md5);
            }
            upload.partStored(request.getPartSize());
            return result;
        } finally {
            closeQuietly(throttled);
            upload.requestEnded();
        }
    }

    /**
     * Makes the part's body draw from the upload's throttle as it is sent. A body sent from the file
     * (parts over {@link PartBody#MAX_BUFFERED}) becomes a stream of the file that the SDK cuts at the
     * part's offset, as it would cut the file; it is returned for the caller to close.
     */
    private static InputStream throttle(UploadPartRequest request, PartBody body, ThrottleGate gate) {
        if (body.buffered()) {
            // Sent by BufferedBodyEntity, which draws from the gate itself; this stream is what the SDK
            // sends instead when the entity cannot take the request over (aws-chunked signing).
            request.setInputStream(ThrottledBody.of(body.stream(), gate));
            return null;
        }
        InputStream fromFile = openThrottled(request.getFile(), gate, "uploading part " + request.getPartNumber() + " of ");
        request.setFile(null);
        request.setInputStream(fromFile);
        return fromFile;
    }

    private static InputStream openThrottled(File file, ThrottleGate gate, String what) {
        try {
            return ThrottledBody.of(file, gate);
        } catch (IOException e) {
            throw new AmazonClientException(what + file + ": cannot read the local file (" + e + ")", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // a read-only file stream: nothing is lost
            }
        }
    }

    /**
     * A single PUT from a file: read and hashed once, sent with Content-MD5; the SDK then compares
     * the ETag with it (except under SSE-KMS/SSE-C) and hashes nothing. The MD5 stays in the
     * request's metadata, where the caller reads it for the object's proof.
     */
    @Override
    public PutObjectResult putObject(PutObjectRequest request) throws AmazonClientException {
        File file = request.getFile();
        ObjectMetadata meta = request.getMetadata() == null ? new ObjectMetadata() : request.getMetadata();
        ThrottleGate gate = request instanceof ThrottledPut ? ((ThrottledPut) request).throttle() : null;
        if (file == null || meta.getContentMD5() != null) {
            return super.putObject(request);
        }
        PartBody body = read(file, 0, file.length(), "uploading " + file);
        meta.setContentMD5(body.contentMd5());
        meta.setContentLength(file.length());
        request.setMetadata(meta);
        InputStream fromFile = null;
        if (body.buffered()) {
            request.setFile(null);
            request.setInputStream(gate == null ? body.stream() : ThrottledBody.of(body.stream(), gate));
        } else if (gate != null) {
            fromFile = openThrottled(file, gate, "uploading ");
            request.setFile(null);
            request.setInputStream(fromFile);
        }
        try (BufferedBodyEntity.Announcement a = BufferedBodyEntity.sendOnThisThread(body,
                request.getGeneralProgressListener(), gate)) {
            return super.putObject(request);
        } finally {
            closeQuietly(fromFile); // the SDK closes a request's stream too; ours is closed whatever it does
        }
    }

    private UploadPartResult send(UploadPartRequest request, PartBody body, ThrottleGate gate) {
        if (body == null) {
            return super.uploadPart(request);
        }
        try (BufferedBodyEntity.Announcement a = BufferedBodyEntity.sendOnThisThread(body,
                request.getGeneralProgressListener(), gate)) {
            return super.uploadPart(request);
        }
    }

    private PartBody takeOver(UploadPartRequest request) {
        File file = request.getFile();
        if (file == null || request.getMd5Digest() != null) {
            return null; // a stream given by the caller: the SDK hashes and checks it as usual
        }
        PartBody body = read(file, request.getFileOffset(), request.getPartSize(),
                "uploading part " + request.getPartNumber() + " of " + file);
        request.setMd5Digest(body.contentMd5());
        if (body.buffered()) {
            request.setFile(null);
            request.setInputStream(body.stream());
            // The SDK still cuts a stream at fileOffset: the stream holds just the part.
            request.setFileOffset(0);
        }
        return body;
    }

    private static PartBody read(File file, long offset, long length, String what) {
        try {
            return PartBody.read(file, offset, length);
        } catch (IOException e) {
            throw new AmazonClientException(what + ": cannot read the local file (" + e + ")", e);
        }
    }

    /** The part's ETag must be the MD5 sent, wherever ETags are MD5s. */
    private UploadPartResult checked(UploadPartRequest request, PartBody body, UploadPartResult result) {
        if (body == null || !etagsAreMd5 || request.getSSECustomerKey() != null || result.getSSECustomerAlgorithm() != null
                || "aws:kms".equals(result.getSSEAlgorithm())) {
            return result;
        }
        String etag = FileDigests.normalizeEtag(result.getETag());
        if (!body.md5Hex().equals(etag)) {
            throw new StoredPartMismatchException("part " + request.getPartNumber() + " of upload " + request.getUploadId()
                    + " was stored with ETag " + etag + ", not the MD5 " + body.md5Hex() + " of the bytes sent: the store "
                    + "kept other bytes");
        }
        return result;
    }

    /** A part whose ETag is not the MD5 of the bytes sent. */
    static final class StoredPartMismatchException extends AmazonClientException {
        private static final long serialVersionUID = 1L;

        StoredPartMismatchException(String message) {
            super(message);
        }

        @Override
        public boolean isRetryable() {
            return false;
        }
    }
}
