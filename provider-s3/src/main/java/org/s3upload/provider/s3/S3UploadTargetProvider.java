package org.s3upload.provider.s3;

import java.util.List;
import java.util.Map;

import org.s3upload.spi.ConfigKey;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;

/** Provider "s3": Amazon S3 and S3-compatible stores through AWS SDK for Java 1.10.77. */
public final class S3UploadTargetProvider implements UploadTargetProvider {

    public S3UploadTargetProvider() {
        // ServiceLoader needs it; no I/O here.
    }

    @Override
    public String id() {
        return S3ResumeToken.PROVIDER_ID;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String description() {
        return "Amazon S3 and S3-compatible object storage (MinIO, Ceph, Wasabi, DigitalOcean Spaces, Backblaze B2), "
                + "resumable multipart uploads";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return S3ConfigKeys.KEYS;
    }

    @Override
    public UploadTarget create(Map<String, String> config) throws UploadException {
        S3Settings settings = BucketRegion.resolve(S3Settings.parse(config));
        S3UploadTarget target = new S3UploadTarget(settings);
        if (settings.checkBucket) {
            try {
                target.checkBucket();
            } catch (UploadException | RuntimeException e) {
                target.close();
                throw e;
            }
        }
        return target;
    }
}
