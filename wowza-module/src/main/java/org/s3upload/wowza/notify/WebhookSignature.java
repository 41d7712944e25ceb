package org.s3upload.wowza.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The webhook's signature: {@code sha256=} and the lowercase hex HMAC-SHA256 of the exact body bytes. */
final class WebhookSignature {
    static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal(body);
            StringBuilder sb = new StringBuilder(PREFIX);
            for (byte b : sig) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            // Every Java SE platform has HmacSHA256; the message carries no key material.
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
