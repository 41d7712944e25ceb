package org.s3upload.provider.s3;

import com.amazonaws.services.s3.model.AccessControlList;
import com.amazonaws.services.s3.model.CannedAccessControlList;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.SSEAwsKeyManagementParams;

/**
 * What the settings ask of every object this target writes, by an upload or by a copy in place:
 * server-side encryption, ACL, storage class. Each getter is null when nothing is asked, which the
 * SDK's request setters take as "leave it to the bucket".
 */
final class WriteOptions {
    private final S3Settings settings;

    WriteOptions(S3Settings settings) {
        this.settings = settings;
    }

    /** Sets the SSE-S3 header on {@code meta} when AES256 is configured. */
    void encrypt(ObjectMetadata meta) {
        if ("AES256".equals(settings.sse)) {
            meta.setSSEAlgorithm(ObjectMetadata.AES_256_SERVER_SIDE_ENCRYPTION);
        }
    }

    SSEAwsKeyManagementParams kms() {
        if (!"aws:kms".equals(settings.sse)) {
            return null;
        }
        return settings.sseKmsKeyId == null ? new SSEAwsKeyManagementParams() : new SSEAwsKeyManagementParams(settings.sseKmsKeyId);
    }

    /** The grant of {@code aclGrantee}; it takes precedence over a canned ACL. */
    AccessControlList acl() {
        if (settings.aclGrantee == null) {
            return null;
        }
        AccessControlList acl = new AccessControlList();
        acl.grantPermission(settings.aclGrantee, settings.aclPermission);
        return acl;
    }

    CannedAccessControlList cannedAcl() {
        return settings.aclGrantee == null ? settings.cannedAcl : null;
    }

    String storageClass() {
        return settings.storageClass;
    }
}
