package org.s3upload.benchmarks;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.http.HttpClientFactory;
import com.amazonaws.services.s3.AmazonS3Client;
import com.amazonaws.services.s3.transfer.TransferManager;

/**
 * What the first S3 client costs a fresh JVM, step by step: the process CPU (all threads, JIT
 * included) of each piece of AWS SDK 1.10.77's first-use initialisation, in the order given, so
 * that each step pays only for what the steps before it did not already load. No network I/O.
 *
 * <pre>SdkStartupCostMain [jmx,config,ssl,joda,s3,http,tm]</pre>
 * {@code jmx}: {@code AwsSdkMetrics}, which registers the SDK's MBean (creating the platform MBean
 * server); {@code config}: {@code new ClientConfiguration()}, whose user agent loads the SDK's
 * internal JSON config with Jackson databind; {@code ssl}: the SDK's TLS context (the JDK's trust
 * store), made for every HTTP client even when the endpoint is http; {@code joda}: the SDK's date
 * utilities (Joda-Time's zone data); {@code s3}: the rest of {@code new AmazonS3Client};
 * {@code http}: a second SDK HTTP client; {@code tm}: a TransferManager (and its thread pool).
 */
public final class SdkStartupCostMain {
    private static long last;

    private SdkStartupCostMain() {
    }

    public static void main(String[] args) throws Exception {
        last = UploadMain.cpuNanos();
        System.out.printf("%-44s %.3f%n", "JVM start until main", last / 1e9);
        String order = args.length > 0 ? args[0] : "jmx,config,ssl,joda,s3,http,tm";
        for (String step : order.split(",")) {
            switch (step) {
                case "jmx" -> {
                    Class.forName("com.amazonaws.metrics.AwsSdkMetrics");
                    step("AwsSdkMetrics (SDK MBean, platform MBean server)");
                }
                case "config" -> {
                    new ClientConfiguration();
                    step("ClientConfiguration (internal config, Jackson)");
                }
                case "ssl" -> {
                    HttpClientFactory.createSSLContext(new ClientConfiguration());
                    step("TLS context (JDK trust store)");
                }
                case "joda" -> {
                    Class.forName("com.amazonaws.util.DateUtils");
                    step("DateUtils (Joda-Time zones)");
                }
                case "s3" -> {
                    new AmazonS3Client(new BasicAWSCredentials("a", "b"), new ClientConfiguration()).shutdown();
                    step("new AmazonS3Client (the rest)");
                }
                case "http" -> {
                    new HttpClientFactory().createHttpClient(new ClientConfiguration()).getConnectionManager().shutdown();
                    step("a second SDK HTTP client");
                }
                case "tm" -> {
                    new TransferManager(new AmazonS3Client(new BasicAWSCredentials("a", "b"))).shutdownNow(true);
                    step("TransferManager");
                }
                default -> throw new IllegalArgumentException("unknown step '" + step + "'; use jmx,config,ssl,joda,s3,http,tm");
            }
        }
        System.exit(0);
    }

    private static void step(String what) {
        long now = UploadMain.cpuNanos();
        System.out.printf("%-44s %.3f%n", what, (now - last) / 1e9);
        last = now;
    }
}
