package org.s3upload.provider.s3;

import java.io.IOException;
import java.io.InputStream;

import com.amazonaws.AmazonClientException;
import com.amazonaws.SignableRequest;
import com.amazonaws.auth.SignerFactory;
import com.amazonaws.auth.internal.AWS4SignerRequestParams;
import com.amazonaws.services.s3.internal.AWSS3V4Signer;
import com.amazonaws.util.BinaryUtils;

/**
 * SigV4 that leaves a body out of the signature ({@code x-amz-content-sha256: UNSIGNED-PAYLOAD})
 * exactly when a {@code Content-MD5} header protects it: the signature covers that header, and
 * the store rejects a body that does not match it (BadDigest), so hashing the body a second time
 * with SHA-256 adds nothing but CPU, on both sides. Every part and single PUT carries one
 * ({@link ObservedS3Client}); any other body (CompleteMultipartUpload's XML, ...) is SHA-256-signed
 * as usual, never re-framed as aws-chunked. SDK 1.10.77 has no switch for this. Setting
 * {@code signer=v4} signs every body instead.
 */
public final class UnsignedPayloadSigner extends AWSS3V4Signer {
    /** Name under which the signer is registered with the SDK's {@link SignerFactory}. */
    static final String NAME = "S3UploadUnsignedPayloadV4";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    static {
        SignerFactory.registerSigner(NAME, UnsignedPayloadSigner.class);
    }

    /** Makes sure the class (and so the registration above) is loaded. */
    static String registeredName() {
        return NAME;
    }

    @Override
    protected void processRequestPayload(SignableRequest<?> request, byte[] signature, byte[] signingKey,
            AWS4SignerRequestParams params) {
        // The parent wraps PutObject/UploadPart bodies in aws-chunked framing here; ours goes as it is.
    }

    @Override
    protected String calculateContentHash(SignableRequest<?> request) {
        // AWS4Signer copies the returned value into the header only while the header says "required".
        request.addHeader("x-amz-content-sha256", "required");
        if (hasContentMd5(request)) {
            return UNSIGNED_PAYLOAD;
        }
        InputStream payload = getBinaryRequestPayloadStream(request);
        payload.mark(-1);
        String sha256 = BinaryUtils.toHex(hash(payload));
        try {
            payload.reset();
        } catch (IOException e) {
            throw new AmazonClientException("cannot rewind the request body after hashing it", e);
        }
        return sha256;
    }

    static boolean hasContentMd5(SignableRequest<?> request) {
        for (String name : request.getHeaders().keySet()) {
            if ("Content-MD5".equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
