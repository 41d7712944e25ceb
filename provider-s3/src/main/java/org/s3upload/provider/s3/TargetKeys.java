package org.s3upload.provider.s3;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.s3upload.api.ObjectKeys;
import org.s3upload.api.UploadException;

/** The object key in the bucket for an SPI key (the key prefix in front), checked against S3's limits. */
final class TargetKeys {
    private final S3Settings settings;

    TargetKeys(S3Settings settings) {
        this.settings = settings;
    }

    String objectKey(String key) throws UploadException {
        ObjectKeys.check(key);
        String full = settings.objectKey(key);
        int bytes = full.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ObjectKeys.MAX_KEY_BYTES) {
            throw UploadException.permanent("object key '" + full + "' is " + bytes + " bytes with the key prefix, S3 "
                    + "allows " + ObjectKeys.MAX_KEY_BYTES + "; shorten '" + S3ConfigKeys.KEY_PREFIX + "' or the key");
        }
        return full;
    }

    /** The s3:// URL of the key, or empty when the key is not valid here. */
    Optional<String> location(String key) {
        try {
            return Optional.of("s3://" + settings.bucket + "/" + objectKey(key));
        } catch (UploadException e) {
            return Optional.empty();
        }
    }

    /** An object key of this bucket as messages name it. */
    String where(String objectKey) {
        return S3Errors.where(settings.bucket, objectKey);
    }
}
