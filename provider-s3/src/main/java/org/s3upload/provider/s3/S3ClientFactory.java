package org.s3upload.provider.s3;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import com.amazonaws.auth.profile.ProfileCredentialsProvider;
import com.amazonaws.internal.StaticCredentialsProvider;
import com.amazonaws.services.s3.S3ClientOptions;

/** Builds the SDK 1.10.77 client for {@link S3Settings} (that SDK has no client builders). */
final class S3ClientFactory {
    /** Signer names of SDK 1.10.x. */
    static final String SIGV4 = "AWSS3V4SignerType";
    static final String SIGV2 = "S3SignerType";

    private S3ClientFactory() {
    }

    static ObservedS3Client create(S3Settings s) {
        ClientConfiguration cc = new ClientConfiguration();
        cc.setConnectionTimeout(s.connectTimeoutMs);
        cc.setSocketTimeout(s.socketTimeoutMs);
        cc.setMaxErrorRetry(s.maxErrorRetry);
        // Parts of all uploads of the target, plus HEAD/list calls, share one pool.
        cc.setMaxConnections(Math.max(ClientConfiguration.DEFAULT_MAX_CONNECTIONS, s.threads * 2 + 4));
        cc.setUserAgent(ClientConfiguration.DEFAULT_USER_AGENT + " s3upload");
        // Without an override, 1.10.77 signs custom endpoints with SigV2, which many stores refuse.
        cc.setSignerOverride(s.signerV2 ? SIGV2 : s.unsignedPayload ? UnsignedPayloadSigner.registeredName() : SIGV4);
        ObservedS3Client client = new ObservedS3Client(credentials(s), cc, StoredChecksum.etagsAreMd5(s));
        String region = s.effectiveRegion();
        if (s.endpoint != null) {
            client.setEndpoint(s.endpoint);
        } else {
            // A regional endpoint built by hand: the SDK's bundled region list predates newer regions.
            client.setEndpoint(AwsEndpoints.regional(region));
        }
        client.setSignerRegionOverride(region);
        client.setS3ClientOptions(S3ClientOptions.builder().setPathStyleAccess(s.pathStyle).build());
        return client;
    }

    private static AWSCredentialsProvider credentials(S3Settings s) {
        if (s.accessKey != null && s.secretKey != null) {
            return new StaticCredentialsProvider(new BasicAWSCredentials(s.accessKey, s.secretKey));
        }
        if (s.profile != null || s.profileFile != null) {
            String profile = s.profile != null ? s.profile : "default";
            return s.profileFile != null ? new ProfileCredentialsProvider(s.profileFile, profile)
                    : new ProfileCredentialsProvider(profile);
        }
        return new DefaultAWSCredentialsProviderChain();
    }
}
