package org.s3upload.provider.s3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.s3upload.api.UploadException;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.HeadBucketRequest;

/**
 * Learns a bucket's region the way S3 tells it, without s3:GetBucketLocation and without asking
 * EC2: one HEAD request for the bucket, whose answer carries {@code x-amz-bucket-region} whatever
 * its status (200, 301, 400, 403; S3 API Reference, HeadBucket), and failing that the
 * {@code <Region>} of an {@code AuthorizationHeaderMalformed} error or the {@code <Endpoint>} of a
 * 301 {@code PermanentRedirect}. Results are cached per endpoint and bucket for the JVM's life.
 */
final class BucketRegion {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private BucketRegion() {
    }

    /**
     * The settings to use: without a configured region, with the bucket's region (us-east-1 when
     * the store names none); with a configured one that S3 says is wrong, a PERMANENT error naming
     * the right one. Amazon S3 that cannot be reached is RETRYABLE when no region is configured
     * (nothing could be signed right); otherwise the lookup is skipped (a configured region is
     * kept; an S3-compatible store gets us-east-1, which they expect).
     */
    static S3Settings resolve(S3Settings s) throws UploadException {
        if (s.regionSource == S3Settings.RegionSource.ENDPOINT) {
            return s;
        }
        if (s.regionSource == S3Settings.RegionSource.CONFIGURED) {
            String right;
            try {
                right = refusedFor(s);
            } catch (RuntimeException e) {
                return s;
            }
            if (right != null && !right.equals(s.region)) {
                throw UploadException.permanent("bucket '" + s.bucket + "' is in region " + right + ", not in the "
                        + "configured region " + s.region + " (S3 refused a request signed for " + s.region + " and named "
                        + right + "); set '" + S3ConfigKeys.REGION + "' to " + right + ", or leave it empty to use the "
                        + "bucket's region", null);
            }
            return s;
        }
        String cacheKey = (s.endpoint == null ? AwsEndpoints.GLOBAL : s.endpoint) + "/" + s.bucket;
        String reported = CACHE.get(cacheKey);
        if (reported == null) {
            try {
                reported = ask(s);
            } catch (RuntimeException e) {
                if (!AwsEndpoints.isAws(s.endpoint)) {
                    // An S3-compatible store rarely cares; the uploads meet the outage themselves.
                    return s;
                }
                throw UploadException.retryable("asking S3 for the region of bucket '" + s.bucket + "' failed ("
                        + S3Errors.classify(e, "HEAD bucket", s).getMessage() + "); set '" + S3ConfigKeys.REGION
                        + "' to skip this, or retry", e);
            }
            if (reported != null) {
                CACHE.put(cacheKey, reported);
            }
        }
        return reported == null ? s : s.withRegion(reported, S3Settings.RegionSource.BUCKET);
    }

    /** The region S3 names for the bucket in any answer, or null when it names none (most S3-compatible stores). */
    private static String ask(S3Settings s) {
        ObservedS3Client client = S3ClientFactory.create(s.withRegion(S3Settings.DEFAULT_REGION, S3Settings.RegionSource.DEFAULT));
        try {
            return blank(client.headBucket(new HeadBucketRequest(s.bucket)).getBucketRegion());
        } catch (AmazonServiceException e) {
            String region = fromError(e);
            if (region == null && e.getStatusCode() / 100 == 5) {
                throw e;
            }
            return region;
        } finally {
            client.shutdown();
        }
    }

    /**
     * The region S3 names when it refuses a request signed for the configured one (301 or 400 with
     * a region); null when it accepts it or refuses for another reason.
     */
    private static String refusedFor(S3Settings s) {
        ObservedS3Client client = S3ClientFactory.create(s);
        try {
            client.headBucket(new HeadBucketRequest(s.bucket));
            return null;
        } catch (AmazonServiceException e) {
            int status = e.getStatusCode();
            return status == 301 || status == 400 || status == 307 ? fromError(e) : null;
        } finally {
            client.shutdown();
        }
    }

    /** The bucket's region as a region error names it, or null. */
    static String fromError(Throwable t) {
        AmazonServiceException se = S3Errors.serviceCause(t);
        if (!(se instanceof AmazonS3Exception) || ((AmazonS3Exception) se).getAdditionalDetails() == null) {
            return null;
        }
        Map<String, String> details = ((AmazonS3Exception) se).getAdditionalDetails();
        String region = blank(details.get("x-amz-bucket-region"));
        if (region == null) {
            region = blank(details.get("Region"));
        }
        if (region == null) {
            region = AwsEndpoints.regionOfEndpointElement(details.get("Endpoint"));
        }
        return region;
    }

    private static String blank(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }

    /** Forgets what was learnt (tests that move a bucket between regions). */
    static void clearCache() {
        CACHE.clear();
    }
}
