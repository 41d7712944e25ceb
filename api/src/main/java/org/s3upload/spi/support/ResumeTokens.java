package org.s3upload.spi.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.s3upload.internal.Json;
import org.s3upload.api.UploadException;

/**
 * Helpers for the self-describing envelope every resume token has: a JSON object whose
 * {@code "provider"} member is the provider id and whose {@code "format"} member is the token
 * format version. What else it holds is the provider's business; it must hold no secret.
 */
public final class ResumeTokens {
    public static final String PROVIDER = "provider";
    public static final String FORMAT = "format";

    private ResumeTokens() {
    }

    /** A new envelope for the provider; add members and {@link #write} it. */
    public static Map<String, Object> envelope(String providerId, int format) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PROVIDER, providerId);
        m.put(FORMAT, (long) format);
        return m;
    }

    /**
     * The token text of {@code envelope}: a JSON object. Members may be strings, integers
     * ({@code long}), booleans, and lists or maps of these; {@link #open} reads integers back as
     * {@code Long}.
     */
    public static String write(Map<String, Object> envelope) {
        return Json.write(envelope);
    }

    /**
     * Parses a token and checks that it is {@code providerId}'s, in {@code format}; otherwise throws
     * {@link UploadException.Kind#RESUME_REJECTED} saying what was found.
     */
    public static Map<String, Object> open(String token, String providerId, int format) throws UploadException {
        Map<String, Object> m;
        try {
            m = Json.parseObject(token);
        } catch (IllegalArgumentException e) {
            throw UploadException.resumeRejected("resume token for provider '" + providerId + "' is not valid JSON ("
                    + e.getMessage() + "); the upload must start afresh");
        }
        Object p = m.get(PROVIDER);
        if (!providerId.equals(p)) {
            throw UploadException.resumeRejected("resume token belongs to provider '" + p + "', not '" + providerId
                    + "'; the upload must start afresh with the configured provider");
        }
        Object f = m.get(FORMAT);
        if (!(f instanceof Long) || ((Long) f) != format) {
            throw UploadException.resumeRejected("resume token of provider '" + providerId + "' has format " + f
                    + ", this provider reads format " + format + "; the upload must start afresh");
        }
        return m;
    }

    /** A required string member of an opened token. */
    public static String string(Map<String, Object> token, String member) throws UploadException {
        Object v = token.get(member);
        if (!(v instanceof String)) {
            throw UploadException.resumeRejected("resume token lacks the text member '" + member + "'");
        }
        return (String) v;
    }

    /** A required integer member of an opened token. */
    public static long number(Map<String, Object> token, String member) throws UploadException {
        Object v = token.get(member);
        if (!(v instanceof Long)) {
            throw UploadException.resumeRejected("resume token lacks the integer member '" + member + "'");
        }
        return (Long) v;
    }

    /** The provider id named by a token, or null when it is not a token at all. */
    public static String providerOf(String token) {
        try {
            Object p = Json.parseObject(token).get(PROVIDER);
            return p instanceof String ? (String) p : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
