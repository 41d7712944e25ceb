package org.s3upload.provider.s3;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.transfer.TransferManager;
import com.amazonaws.services.s3.transfer.TransferManagerConfiguration;

/** One TransferManager per part size, so no upload changes another's configuration. */
final class TransferManagers {
    private final AmazonS3 client;
    private final ExecutorService partPool;
    private final long threshold;
    private final ConcurrentMap<Long, TransferManager> byPartSize = new ConcurrentHashMap<>();

    TransferManagers(AmazonS3 client, ExecutorService partPool, long threshold) {
        this.client = client;
        this.partPool = partPool;
        this.threshold = threshold;
    }

    TransferManager forPartSize(long partSize) {
        TransferManager tm = byPartSize.get(partSize);
        if (tm != null) {
            return tm;
        }
        TransferManagerConfiguration c = new TransferManagerConfiguration();
        c.setMinimumUploadPartSize(partSize);
        c.setMultipartUploadThreshold(threshold);
        // false: the pools are the target's (shared by all part sizes) and shut down in its close().
        TransferManager created = new TransferManager(client, partPool, false);
        created.setConfiguration(c);
        TransferManager raced = byPartSize.putIfAbsent(partSize, created);
        return raced != null ? raced : created;
    }
}
