package org.s3upload.benchmarks;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.S3ClientOptions;

/** Where the benchmark server listens and how to sign for it. Test credentials only: never real ones. */
public record S3Endpoint(String url, String accessKey, String secretKey, String bucket) {

    public static final String REGION = "us-east-1";

    public int port() {
        return java.net.URI.create(url).getPort();
    }

    /**
     * An SDK 1.10.77 client for this endpoint. {@code signer} is "v4" (chunked SigV4, what the SDK does
     * over http), "v2", or "unsigned" (SigV4 with UNSIGNED-PAYLOAD, see {@link UnsignedPayloadS3Signer});
     * the SDK's own default for a custom endpoint would be SigV2, so say which.
     */
    public AmazonS3Client sdkClient(String signer) {
        ClientConfiguration cc = new ClientConfiguration();
        if ("unsigned".equals(signer)) {
            UnsignedPayloadS3Signer.register();
            cc.setSignerOverride(UnsignedPayloadS3Signer.NAME);
        } else {
            cc.setSignerOverride("v2".equals(signer) ? "S3SignerType" : "AWSS3V4SignerType");
        }
        AmazonS3Client s3 = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), cc);
        s3.setEndpoint(url);
        s3.setSignerRegionOverride(REGION);
        s3.setS3ClientOptions(S3ClientOptions.builder().setPathStyleAccess(true).build());
        return s3;
    }

    /** As program arguments for child JVMs: url accessKey secretKey bucket. */
    public String[] toArgs() {
        return new String[] {url, accessKey, secretKey, bucket};
    }

    public static S3Endpoint fromArgs(String[] args, int from) {
        return new S3Endpoint(args[from], args[from + 1], args[from + 2], args[from + 3]);
    }
}
