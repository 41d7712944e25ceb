package org.s3upload.provider.s3;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.CopyObjectRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.transfer.TransferManager;
import com.amazonaws.services.s3.transfer.TransferManagerConfiguration;

/**
 * Gives an object proven to hold a local file, but lacking our md5 metadata, that metadata: a
 * server-side copy of the object onto itself with the metadata replaced, so no byte is uploaded
 * again. Objects of the original module's multipart uploads need it: they were begun without the
 * metadata, and without it nothing (the engine's own check, a later audit) could prove them again.
 *
 * <p>Through {@code TransferManager.copy}, which copies in parts above the single-copy limit of
 * 5 GiB. The copy is written with this target's settings (encryption, storage class, ACL), as an
 * upload would be. SDK exceptions pass through; callers classify them.
 */
final class Md5Backfill {
    /** S3's limit for a single CopyObject; larger objects are copied in parts. */
    static final long SINGLE_COPY_LIMIT = 5L << 30;

    private final AmazonS3 client;
    private final ExecutorService pool;
    private final S3Settings settings;
    private final WriteOptions writeOptions;
    private final long multipartCopyThreshold;
    private TransferManager copier;

    Md5Backfill(AmazonS3 client, ExecutorService pool, S3Settings settings) {
        this(client, pool, settings, SINGLE_COPY_LIMIT);
    }

    /** With a lower threshold, so tests can make the copy go in parts. */
    Md5Backfill(AmazonS3 client, ExecutorService pool, S3Settings settings, long multipartCopyThreshold) {
        this.client = client;
        this.pool = pool;
        this.settings = settings;
        this.writeOptions = new WriteOptions(settings);
        this.multipartCopyThreshold = multipartCopyThreshold;
    }

    /** Replaces the metadata of {@code objectKey} (now {@code current}) with the same plus our md5. */
    void addMd5(String objectKey, ObjectMetadata current, String md5) throws InterruptedException {
        ObjectMetadata meta = new ObjectMetadata();
        if (current.getContentType() != null) {
            meta.setContentType(current.getContentType());
        }
        Map<String, String> user = new LinkedHashMap<>(current.getUserMetadata());
        user.put(RemoteState.MD5_METADATA, md5);
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

    private synchronized TransferManager copier() {
        if (copier == null) {
            TransferManagerConfiguration c = new TransferManagerConfiguration();
            c.setMultipartCopyThreshold(multipartCopyThreshold);
            c.setMultipartCopyPartSize(Math.max(5L << 20, Math.min(multipartCopyThreshold, 1L << 30)));
            // false: the pool is the target's and shut down in its close().
            copier = new TransferManager(client, pool, false);
            copier.setConfiguration(c);
        }
        return copier;
    }
}
