package org.s3upload.provider.s3;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon S3's endpoint host names and the regions they name. The original module derived the
 * region from {@code s3UploadEndpoint} with the same host forms (s3.REGION, s3-REGION,
 * s3.dualstack.REGION under amazonaws.com); the global names mean us-east-1.
 */
final class AwsEndpoints {
    /** The global endpoint: it answers for a bucket in any region with the bucket's region. */
    static final String GLOBAL = "https://s3.amazonaws.com";

    private static final Pattern REGIONAL = Pattern.compile(
            "(?:[a-z0-9.-]+\\.)?s3(?:\\.dualstack)?[.-]([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d+)\\.amazonaws\\.com(?:\\.cn)?");
    private static final Pattern GLOBAL_HOSTS = Pattern.compile("(?:[a-z0-9.-]+\\.)?s3(?:-external-1)?\\.amazonaws\\.com");

    private AwsEndpoints() {
    }

    /** The region an Amazon S3 host name names, or null (not Amazon S3, or an accelerate endpoint). */
    static String regionOf(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        Matcher m = REGIONAL.matcher(h);
        if (m.matches()) {
            return m.group(1);
        }
        return GLOBAL_HOSTS.matcher(h).matches() ? "us-east-1" : null;
    }

    /** True for Amazon S3 itself: no endpoint configured, or an amazonaws.com host. */
    static boolean isAws(String endpoint) {
        if (endpoint == null) {
            return true;
        }
        String host = java.net.URI.create(endpoint).getHost();
        return host != null && host.toLowerCase(Locale.ROOT).matches("(?:.+\\.)?amazonaws\\.com(?:\\.cn)?");
    }

    /** The regional endpoint of Amazon S3 (the SDK's own region list predates the newer regions). */
    static String regional(String region) {
        return "us-east-1".equals(region) ? GLOBAL : "https://s3." + region + ".amazonaws.com";
    }

    /** The region in an error's Endpoint element, e.g. bucket.s3.eu-west-1.amazonaws.com. */
    static String regionOfEndpointElement(String endpointElement) {
        return endpointElement == null ? null : regionOf(endpointElement.trim());
    }
}
