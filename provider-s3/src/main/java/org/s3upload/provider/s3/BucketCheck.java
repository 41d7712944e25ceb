package org.s3upload.provider.s3;

import org.s3upload.api.UploadException;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.HeadBucketRequest;

/** The optional start-up check of the bucket (configuration key checkBucket). */
final class BucketCheck {
    private BucketCheck() {
    }

    /**
     * HEADs the bucket (configuration key checkBucket) and explains a 403, 404 or region mismatch.
     */
    static void run(AmazonS3 client, S3Settings settings) throws UploadException {
        String what = "checking bucket '" + settings.bucket + "'";
        try {
            client.headBucket(new HeadBucketRequest(settings.bucket));
        } catch (AmazonServiceException e) {
            int status = e.getStatusCode();
            if (status == 404) {
                throw UploadException.permanent(what + ": it does not exist at " + endpointName(settings) + " (HTTP 404); "
                        + "create it or fix '" + S3ConfigKeys.BUCKET + "' / '" + S3ConfigKeys.ENDPOINT + "'", e);
            }
            if (status == 403) {
                throw UploadException.permanent(what + ": access denied (HTTP 403): the credentials are wrong or lack "
                        + "s3:ListBucket on arn:aws:s3:::" + settings.bucket + "; fix the credentials or the policy, or "
                        + "set '" + S3ConfigKeys.CHECK_BUCKET + "' to false if the policy deliberately allows only writes", e);
            }
            if (status == 301 || status == 400 || status == 307) {
                String actual = null;
                try {
                    actual = client.getBucketLocation(settings.bucket);
                } catch (RuntimeException ignored) {
                    // the region stays unnamed in the message
                }
                throw UploadException.permanent(what + ": it is not in region " + settings.effectiveRegion() + " (HTTP "
                        + status + "); set '" + S3ConfigKeys.REGION + "' to "
                        + (actual != null ? (actual.isEmpty() || "US".equals(actual) ? "us-east-1" : actual) : "the bucket's region"), e);
            }
            throw S3Errors.classify(e, what, settings);
        } catch (RuntimeException e) {
            throw S3Errors.classify(e, what, settings);
        }
    }

    private static String endpointName(S3Settings s) {
        return s.endpoint != null ? s.endpoint : "Amazon S3 (region " + s.effectiveRegion() + ")";
    }
}
