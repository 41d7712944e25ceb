package org.s3upload.provider.s3;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.CopyObjectRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.transfer.TransferManager;
import com.amazonaws.services.s3.transfer.TransferManagerConfiguration;

/**
 * Gives an object proven to hold a local file, but lacking our part-size metadata, that metadata:
 * a server-side copy of the object onto itself with the metadata replaced, so no byte is uploaded
 * again. Objects of the original module's multipart uploads need it: they were begun without the
 * metadata, and without it nothing (the engine's own check, a later audit) could recompute their
 * ETag from the local file. (The class keeps its name from when that metadata was an MD5.)
 *
 * <p>Through {@code TransferManager.copy}, which copies in parts above the single-copy limit of
 * 5 GiB. The copy is written with this target's settings (encryption, storage class, ACL), as an
 * upload would be. SDK exceptions pass through; callers classify them.
 */
final class Md5Backfill implements AutoCloseable {
    /** S3's limit for a single CopyObject; larger objects are copied in parts. */
    static final long SINGLE_COPY_LIMIT = 5L << 30;
    /** Parts copied at once: server-side work, so a few are enough. */
    private static final int COPY_THREADS = 2;

    private final AmazonS3 client;
    private final S3Settings settings;
    private final WriteOptions writeOptions;
    private final long multipartCopyThreshold;
    private TransferManager copier;
    private boolean closed;

    Md5Backfill(AmazonS3 client, S3Settings settings) {
        this(client, settings, SINGLE_COPY_LIMIT);
    }

    /** With a lower threshold, so tests can make the copy go in parts. */
    Md5Backfill(AmazonS3 client, S3Settings settings, long multipartCopyThreshold) {
        this.client = client;
        this.settings = settings;
        this.writeOptions = new WriteOptions(settings);
        this.multipartCopyThreshold = multipartCopyThreshold;
    }

    /** Replaces the metadata of {@code objectKey} (now {@code current}) with the same plus {@code name}. */
    void addMetadata(String objectKey, ObjectMetadata current, String name, String value) throws InterruptedException {
        ObjectMetadata meta = new ObjectMetadata();
        if (current.getContentType() != null) {
            meta.setContentType(current.getContentType());
        }
        Map<String, String> user = new LinkedHashMap<>(current.getUserMetadata());
        user.put(name, value);
        meta.setUserMetadata(user);
        writeOptions.encrypt(meta);
        // Only the object that was proven: another writer may have replaced it since (S3 then answers
        // 412 PreconditionFailed and copies nothing; S3 API Reference, CopyObject, x-amz-copy-source-if-match).
        CopyObjectRequest copy = new CopyObjectRequest(settings.bucket, objectKey, settings.bucket, objectKey)
                .withNewObjectMetadata(meta).withMatchingETagConstraint(quoted(current.getETag()));
        copy.setSSEAwsKeyManagementParams(writeOptions.kms());
        copy.setAccessControlList(writeOptions.acl());
        copy.setCannedAccessControlList(writeOptions.cannedAcl());
        copy.setStorageClass(writeOptions.storageClass());
        if (current.getContentLength() <= multipartCopyThreshold) {
            // Directly: SDK 1.10.77 answers a failed copy condition with a null result, on which
            // TransferManager's copy task throws a NullPointerException.
            if (client.copyObject(copy) == null) {
                throw changedSinceProven(objectKey, current);
            }
            return;
        }
        try {
            copier().copy(copy).waitForCopyResult();
        } catch (RuntimeException e) {
            // A failed condition surfaces as a null part result (NullPointerException) in 1.10.77.
            ObjectMetadata now = client.getObjectMetadata(settings.bucket, objectKey);
            if (!String.valueOf(now.getETag()).equals(current.getETag())) {
                throw changedSinceProven(objectKey, current);
            }
            throw e;
        }
    }

    /** An ETag in HTTP's quoted form, which S3 (and S3Proxy's part copy) compare against. */
    private static String quoted(String etag) {
        return etag == null || etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    /** S3's own answer to a failed copy condition, for the caller's error classification. */
    private static AmazonS3Exception changedSinceProven(String objectKey, ObjectMetadata proven) {
        AmazonS3Exception e = new AmazonS3Exception("the object " + objectKey + " is no longer the one proven (ETag "
                + proven.getETag() + "): not copied");
        e.setStatusCode(412);
        e.setErrorCode("PreconditionFailed");
        return e;
    }

    /** Part size of a copy in parts (the object's ETag after a copy is made of parts of this size). */
    long copyPartSize() {
        return Math.max(5L << 20, Math.min(multipartCopyThreshold, 1L << 30));
    }

    /**
     * Made on first use, with threads of its own that it shuts down itself (its timer thread can
     * only be stopped that way), since most targets never copy.
     */
    private synchronized TransferManager copier() {
        if (closed) {
            throw new CancellationException("the upload target is closed");
        }
        if (copier == null) {
            TransferManagerConfiguration c = new TransferManagerConfiguration();
            c.setMultipartCopyThreshold(multipartCopyThreshold);
            c.setMultipartCopyPartSize(copyPartSize());
            copier = new TransferManager(client,
                    Executors.newFixedThreadPool(COPY_THREADS, new DaemonThreads("s3upload-s3-copy-")), true);
            copier.setConfiguration(c);
        }
        return copier;
    }

    /** Stops running copies and the copier's threads; the client is the target's and stays open. */
    @Override
    public synchronized void close() {
        closed = true;
        if (copier != null) {
            copier.shutdownNow(false);
        }
    }
}
