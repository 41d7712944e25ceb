package org.s3upload.benchmarks;

import com.amazonaws.SignableRequest;
import com.amazonaws.auth.SignerFactory;
import com.amazonaws.services.s3.internal.AWSS3V4Signer;

/**
 * SigV4 with {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}: the request is still authenticated with
 * SigV4, but the body is not hashed with SHA-256 (nor re-framed as aws-chunked with a signature per
 * chunk). Integrity of the bytes still rests on MD5 (the SDK compares each part's MD5 with the ETag).
 * SDK 1.10.77 has no switch for this; the benchmark uses it to show what the provider would gain.
 */
public final class UnsignedPayloadS3Signer extends AWSS3V4Signer {
    static final String NAME = "BenchUnsignedPayloadS3V4";

    static void register() {
        SignerFactory.registerSigner(NAME, UnsignedPayloadS3Signer.class);
    }

    /** The parent wraps PutObject/UploadPart bodies in aws-chunked framing here; the body goes as it is. */
    @Override
    protected void processRequestPayload(SignableRequest<?> request, byte[] signature, byte[] signingKey,
            com.amazonaws.auth.internal.AWS4SignerRequestParams params) {
    }

    @Override
    protected String calculateContentHash(SignableRequest<?> request) {
        // AWS4Signer copies the returned value into the header only while the header says "required".
        request.addHeader("x-amz-content-sha256", "required");
        return "UNSIGNED-PAYLOAD";
    }
}
