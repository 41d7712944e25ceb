package org.s3upload.wowza;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every configured secret value in a text with {@code ****}: applied to every text the
 * module shows outside its log (JMX attributes, operation results and errors). Immutable.
 */
final class SecretMask {
    static final SecretMask NONE = new SecretMask(new ArrayList<String>());
    private static final String MASK = "****";

    private final List<String> secrets;

    private SecretMask(List<String> secrets) {
        this.secrets = secrets;
    }

    static SecretMask of(Collection<String> values) {
        List<String> s = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isEmpty() && !s.contains(v)) {
                s.add(v);
            }
        }
        // The longest first: a secret that contains another is masked whole.
        s.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMask(s);
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
