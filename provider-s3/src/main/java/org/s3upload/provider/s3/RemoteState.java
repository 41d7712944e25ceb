package org.s3upload.provider.s3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.s3upload.spi.support.Checksums;
import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.ListObjectsRequest;
import com.amazonaws.services.s3.model.ObjectListing;
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

    /**
     * True when ListMultipartUploads shows the upload, or when that listing is refused
     * (AccessDenied: the minimal policy has no s3:ListBucketMultipartUploads). It only serves stores
     * that list a gone upload's parts as empty; Amazon S3 answers NoSuchUpload to ListParts then, so
     * an empty part list there means an upload with no part yet.
     */
    boolean isListed(String key, String uploadId) {
        List<MultipartUpload> uploads;
        try {
            uploads = listUploads(key);
        } catch (AmazonServiceException e) {
            if (S3Errors.isAccessDenied(e)) {
                return true;
            }
            throw e;
        }
        for (MultipartUpload u : uploads) {
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

    /**
     * The object's metadata, or null when there is no object at the key; for the question "is it
     * there?" before an upload or after a multipart upload went missing. Without s3:ListBucket, S3
     * answers a HEAD of a missing key with 403, not 404 (S3 API Reference, HeadObject,
     * "Permissions"), so a 403 is resolved by listing the key: listed means it exists but may not
     * be read (the 403 is raised); not listed means absent. When the listing is refused too, the
     * policy lacks s3:ListBucket, and the 403 is read as "absent": the policy this provider
     * documents grants s3:GetObject, under which only a missing key answers 403 (and an object
     * that could not be read would fail the verification after the upload, naming s3:GetObject).
     */
    ObjectMetadata headIfPresent(String objectKey) {
        try {
            return head(objectKey);
        } catch (AmazonServiceException e) {
            if (e.getStatusCode() != 403) {
                throw e;
            }
            if (listBucketRefused) {
                return null;
            }
            Boolean listed;
            try {
                listed = isListedObject(objectKey);
            } catch (AmazonServiceException listing) {
                // Only a refusal by policy; a bad key or signature is raised with its clearer code.
                if (!S3Errors.isAccessDenied(listing)) {
                    throw listing;
                }
                listBucketRefused = true;
                return null;
            }
            if (listed) {
                throw e;
            }
            return null;
        }
    }

    /** Set once a listing was refused: then every 403 to a HEAD of an object means "absent". */
    private volatile boolean listBucketRefused;

    private boolean isListedObject(String objectKey) {
        // The key itself sorts first among the keys it prefixes, so one entry answers.
        ObjectListing page = client.listObjects(new ListObjectsRequest(bucket, objectKey, null, null, 1));
        return !page.getObjectSummaries().isEmpty() && page.getObjectSummaries().get(0).getKey().equals(objectKey);
    }

    /** The object's metadata, or null on 404; a 403 is raised (use after this target wrote the key). */
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
