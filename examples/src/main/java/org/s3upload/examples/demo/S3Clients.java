package org.s3upload.examples.demo;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import com.amazonaws.internal.StaticCredentialsProvider;
import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.S3ClientOptions;

/**
 * Plain SDK clients for what the demo does beside the module: create the embedded server's
 * bucket, and count the parts an interrupted multipart upload already stored.
 */
final class S3Clients {
    private S3Clients() {
    }

    /** A SigV4 client for {@code endpoint}; the default credential chain when {@code accessKey} is null. */
    static AmazonS3Client create(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {
        ClientConfiguration cc = new ClientConfiguration();
        cc.setSignerOverride("AWSS3V4SignerType");
        cc.setMaxErrorRetry(2);
        AWSCredentialsProvider credentials = accessKey == null ? new DefaultAWSCredentialsProviderChain()
                : new StaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey));
        AmazonS3Client client = new AmazonS3Client(credentials, cc);
        client.setEndpoint(endpoint);
        client.setSignerRegionOverride(region);
        client.setS3ClientOptions(new S3ClientOptions().withPathStyleAccess(pathStyle));
        return client;
    }
}
