package org.s3upload.provider.s3;

import java.util.Optional;

import org.s3upload.api.Checksum;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;

import com.amazonaws.services.s3.model.ObjectMetadata;

/** What the bucket holds at a key: size, stored checksum, content type and user metadata (one HEAD). */
final class ObjectStat {
    private final RemoteState remote;
    private final S3Settings settings;
    private final TargetKeys keys;

    ObjectStat(RemoteState remote, S3Settings settings, TargetKeys keys) {
        this.remote = remote;
        this.settings = settings;
        this.keys = keys;
    }

    Optional<RemoteObject> of(String key) throws UploadException {
        String objectKey = keys.objectKey(key);
        ObjectMetadata m;
        try {
            m = remote.headIfPresent(objectKey);
        } catch (RuntimeException e) {
            throw S3Errors.classify(e, "reading " + keys.where(objectKey), settings);
        }
        if (m == null) {
            return Optional.empty();
        }
        Checksum checksum = StoredChecksum.of(m, PartSizes.forFile(m.getContentLength(), settings.partSize));
        return Optional.of(new RemoteObject(key, m.getContentLength(), checksum, m.getContentType(),
                m.getUserMetadata()));
    }
}
