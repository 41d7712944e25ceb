package org.s3upload.provider.s3;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;

import com.amazonaws.services.s3.AmazonS3;
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
        CopyObjectRequest copy = new CopyObjectRequest(settings.bucket, objectKey, settings.bucket, objectKey)
                .withNewObjectMetadata(meta);
        copy.setSSEAwsKeyManagementParams(writeOptions.kms());
        copy.setAccessControlList(writeOptions.acl());
        copy.setCannedAccessControlList(writeOptions.cannedAcl());
        copy.setStorageClass(writeOptions.storageClass());
        copier().copy(copy).waitForCopyResult();
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
                    Executors.newFixedThreadPool(COPY_THREADS, S3UploadTarget.daemonThreads("s3upload-s3-copy-")), true);
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
