package org.s3upload.wowza;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.s3upload.spi.support.Setting;

/**
 * The original module's S3 properties in the forms it tolerated. Where it silently ignored a value
 * (an unknown canned ACL, an incomplete or unknown ACL grant, an access key without a secret key),
 * this module ignores it too, so an Application.xml that worked keeps working, but says so in a
 * WARN naming what is ignored and why. The provider's own keys ({@code s3Upload.s3.*}) stay strict.
 */
final class LegacyS3Forms {
    /** The canned ACL header values of SDK 1.10.77's CannedAccessControlList, compared exactly as the original did. */
    static final Set<String> CANNED_ACLS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "private", "public-read", "public-read-write", "authenticated-read", "log-delivery-write",
            "bucket-owner-read", "bucket-owner-full-control", "aws-exec-read")));
    /** GroupGrantee's identifiers in SDK 1.10.77. */
    static final Set<String> GROUP_GRANTEES = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
            "http://acs.amazonaws.com/groups/s3/LogDelivery")));
    /** Permission's header values in SDK 1.10.77 (the original upper-cased the property first). */
    static final Set<String> PERMISSIONS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "FULL_CONTROL", "READ", "WRITE", "READ_ACP", "WRITE_ACP")));

    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> ignored = new LinkedHashSet<>();

    /** {@code property} reads a declared property: its trimmed, non-empty value or null. */
    LegacyS3Forms(Function<Setting<String>, String> property) {
        String canned = property.apply(ModuleProperties.CANNED_ACL);
        if (canned != null && !CANNED_ACLS.contains(canned)) {
            ignore("s3UploadCannedAcl", "s3UploadCannedAcl '" + canned + "' is not a canned ACL (" + CANNED_ACLS
                    + ", exactly so); it is ignored, as the original module ignored it, and objects are uploaded without an ACL");
        }
        String grantee = property.apply(ModuleProperties.ACL_GROUP_GRANTEE_URI);
        String permission = property.apply(ModuleProperties.ACL_PERMISSION_RULE);
        if (grantee != null || permission != null) {
            String why = grantee == null ? "s3UploadACLGroupGranteeUri is not set"
                    : permission == null ? "s3UploadACLPermissionRule is not set"
                    : !GROUP_GRANTEES.contains(grantee) ? "'" + grantee + "' is not a group grantee URI (" + GROUP_GRANTEES + ")"
                    : !PERMISSIONS.contains(permission.toUpperCase(Locale.ROOT)) ? "'" + permission + "' is not a permission ("
                    + PERMISSIONS + ")" : null;
            if (why != null) {
                ignored.add("s3UploadACLGroupGranteeUri");
                ignored.add("s3UploadACLPermissionRule");
                warnings.add("the ACL grant of s3UploadACLGroupGranteeUri / s3UploadACLPermissionRule is ignored because "
                        + why + ", as the original module ignored it" + (canned != null && !ignored.contains("s3UploadCannedAcl")
                        ? "; s3UploadCannedAcl applies instead" : "; objects are uploaded without it"));
            }
        }
        String accessKey = property.apply(ModuleProperties.ACCESS_KEY);
        String secretKey = property.apply(ModuleProperties.SECRET_KEY);
        if ((accessKey == null) != (secretKey == null)) {
            ignored.add("s3UploadAccessKey");
            ignored.add("s3UploadSecretKey");
            warnings.add((accessKey == null ? "s3UploadSecretKey is set without s3UploadAccessKey"
                    : "s3UploadAccessKey is set without s3UploadSecretKey") + "; both are ignored, as the original module"
                    + " ignored them, and the credentials come from s3UploadAwsProfile or the AWS default chain (environment,"
                    + " system properties, ~/.aws/credentials, the instance role)");
        }
        String endpoint = property.apply(ModuleProperties.ENDPOINT);
        if (endpoint != null && !endpoint.contains("://")) {
            String host = endpoint.toLowerCase(Locale.ROOT);
            if (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn")) {
                notes.add("s3UploadEndpoint '" + endpoint + "' is an Amazon S3 host name: used as https://" + endpoint
                        + (property.apply(ModuleProperties.REGION) == null ? ", and the region is taken from it" : ""));
            } else {
                warnings.add("s3UploadEndpoint '" + endpoint + "' has no scheme: it is used as https://" + endpoint
                        + "; if the store speaks plain http, write http://" + endpoint);
            }
        }
    }

    private void ignore(String property, String warning) {
        ignored.add(property);
        warnings.add(warning);
    }

    List<String> warnings() {
        return warnings;
    }

    List<String> notes() {
        return notes;
    }

    /** Original properties to leave out of the provider's configuration. */
    Set<String> ignored() {
        return ignored;
    }
}
