package org.s3upload.cli;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The secret values this run knows (from a file, the environment or the configuration). Every line
 * the tool prints passes through {@link #redact}, so a secret that a store or a library puts into
 * a message is still never shown.
 */
final class Secrets {
    static final String MASK = "****";
    private final Set<String> values = new CopyOnWriteArraySet<>();

    void add(String secret) {
        if (secret != null && !secret.isEmpty()) {
            values.add(secret);
        }
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : values) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
