package org.s3upload.provider.s3;

import com.amazonaws.SignableRequest;
import com.amazonaws.auth.SignerFactory;
import com.amazonaws.auth.internal.AWS4SignerRequestParams;
import com.amazonaws.services.s3.internal.AWSS3V4Signer;

/**
 * SigV4 with {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}: every request is still authenticated
 * with Signature Version 4, but the body is neither SHA-256-hashed nor re-framed as aws-chunked.
 * SDK 1.10.77 has no switch for it, and hashing every byte was the largest CPU cost of an upload
 * (benchmarks/results). Integrity does not suffer: the SDK still compares each part's MD5 with the
 * ETag the store returns, the object is verified by HEAD afterwards, and over https TLS protects
 * the bytes in transit.
 */
public final class UnsignedPayloadSigner extends AWSS3V4Signer {
    /** Name under which the signer is registered with the SDK's {@link SignerFactory}. */
    static final String NAME = "S3UploadUnsignedPayloadV4";

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
        return "UNSIGNED-PAYLOAD";
    }
}
