package org.s3upload.api;

import java.nio.charset.StandardCharsets;

/** The key rules every provider accepts (see {@link UploadTarget}). */
public final class ObjectKeys {
    /** S3's limit, which every provider adopts so a key that works on one target works on all. */
    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    /**
     * Returns {@code key} if it follows the common rules, else throws a
     * {@link UploadException.Kind#PERMANENT} naming the key and the rule broken.
     */
    public static String check(String key) throws UploadException {
        String problem = problem(key);
        if (problem != null) {
            throw UploadException.permanent(invalid(key, problem));
        }
        return key;
    }

    /** The rule {@code key} breaks, or null when it is acceptable. */
    public static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "a key must not be empty";
        }
        if (key.indexOf('\0') >= 0) {
            return "a key must not contain NUL";
        }
        if (key.startsWith("/")) {
            return "a key is relative: remove the leading '/'";
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            return "a key is at most " + MAX_KEY_BYTES + " bytes of UTF-8, this one has " + bytes
                    + ": shorten the key prefix or template";
        }
        return null;
    }

    /** The sentence that names an invalid key (shortened and printable) and the rule it breaks. */
    static String invalid(String key, String problem) {
        return "invalid object key '" + printable(key) + "': " + problem;
    }

    private static String printable(String key) {
        if (key == null) {
            return "null";
        }
        String shown = key.length() > 200 ? key.substring(0, 200) + "..." : key;
        return shown.replace("\0", "\\0");
    }
}
