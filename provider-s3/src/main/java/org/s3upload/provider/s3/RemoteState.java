package org.s3upload.provider.s3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.ListPartsRequest;
import com.amazonaws.services.s3.model.MultipartUpload;
import com.amazonaws.services.s3.model.MultipartUploadListing;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PartListing;
import com.amazonaws.services.s3.model.PartSummary;

/**
 * Reads what a bucket holds: objects (HEAD) and multipart uploads and their parts (every page).
 * SDK exceptions pass through; callers classify them.
 */
final class RemoteState {
    /** S3's largest page for both listings. */
    static final int MAX_PAGE = 1000;

    private final AmazonS3 client;
    private final String bucket;
    private final int pageSize;

    RemoteState(AmazonS3 client, String bucket) {
        this(client, bucket, MAX_PAGE);
    }

    /** With a smaller page size, so tests can make a store page its answers. */
    RemoteState(AmazonS3 client, String bucket, int pageSize) {
        this.client = client;
        this.bucket = bucket;
        this.pageSize = pageSize;
    }

    /** Parts of the upload by number, or null when S3 says the upload does not exist. */
    Map<Integer, PartSummary> listParts(String bucket, String key, String uploadId) {
        Map<Integer, PartSummary> parts = new LinkedHashMap<>();
        Integer marker = null;
        while (true) {
            ListPartsRequest req = new ListPartsRequest(bucket, key, uploadId);
            if (pageSize < MAX_PAGE) {
                req.setMaxParts(pageSize);
            }
            if (marker != null) {
                req.setPartNumberMarker(marker);
            }
            PartListing page;
            try {
                page = client.listParts(req);
            } catch (AmazonServiceException e) {
                if (S3Errors.isNoSuchUpload(e) || e.getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
            for (PartSummary p : page.getParts()) {
                parts.put(p.getPartNumber(), p);
            }
            Integer next = page.getNextPartNumberMarker();
            if (!page.isTruncated() || next == null || (marker != null && next <= marker)) {
                return parts;
            }
            marker = next;
        }
    }

    /** True when ListMultipartUploads shows the upload. */
    boolean isListed(String key, String uploadId) {
        for (MultipartUpload u : listUploads(key)) {
            if (u.getUploadId().equals(uploadId) && u.getKey().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** All multipart uploads whose key starts with {@code prefix}, every page. */
    List<MultipartUpload> listUploads(String prefix) {
        List<MultipartUpload> all = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            ListMultipartUploadsRequest req = new ListMultipartUploadsRequest(bucket).withPrefix(prefix)
                    .withKeyMarker(keyMarker).withUploadIdMarker(idMarker);
            if (pageSize < MAX_PAGE) {
                // Only when asked: S3Proxy 4.0.0 applies max-uploads to the blobs it scans, not to the
                // uploads it returns, and then misses uploads in a busy bucket; S3's default is 1000.
                req.setMaxUploads(pageSize);
            }
            MultipartUploadListing page = client.listMultipartUploads(req);
            all.addAll(page.getMultipartUploads());
            String nextKey = page.getNextKeyMarker();
            String nextId = page.getNextUploadIdMarker();
            // Stop also when a store claims truncation without moving the markers, instead of looping.
            if (!page.isTruncated() || nextKey == null
                    || (nextKey.equals(keyMarker) && (nextId == null || nextId.equals(idMarker)))) {
                return all;
            }
            keyMarker = nextKey;
            idMarker = nextId;
        }
    }

    /** The object's metadata, or null when there is no object at the key. */
    ObjectMetadata head(String objectKey) {
        try {
            return client.getObjectMetadata(bucket, objectKey);
        } catch (AmazonServiceException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
