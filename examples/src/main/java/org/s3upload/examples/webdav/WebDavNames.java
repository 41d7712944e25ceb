package org.s3upload.examples.webdav;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.s3upload.api.ObjectKeys;
import org.s3upload.api.UploadException;

/**
 * How keys map to WebDAV paths, and the two reserved names this provider writes beside an object:
 * the partial upload {@code <key>.s3upload-partial-<id>} and the manifest
 * {@code <key>.s3upload-manifest}. Keys containing {@value #RESERVED} are refused so that no key can
 * collide with those names.
 */
final class WebDavNames {
    static final String RESERVED = ".s3upload-";
    static final String PARTIAL_MARK = ".s3upload-partial-";
    static final String MANIFEST_SUFFIX = ".s3upload-manifest";

    private WebDavNames() {
    }

    /** The key if this provider can store it; PERMANENT naming the key and the rule otherwise. */
    static String check(String key) throws UploadException {
        ObjectKeys.check(key);
        String problem = null;
        if (key.endsWith("/")) {
            problem = "a WebDAV key names a file, so it must not end with '/'";
        } else if (key.contains(RESERVED)) {
            problem = "'" + RESERVED + "' is reserved for this provider's partial uploads and manifests: rename the recording or key prefix";
        } else {
            for (String segment : key.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    problem = "WebDAV paths cannot hold an empty, '.' or '..' segment: remove the doubled '/' or dot segment";
                    break;
                }
            }
        }
        if (problem != null) {
            throw UploadException.permanent("invalid object key '" + key + "' for the WebDAV provider: " + problem);
        }
        return key;
    }

    static String partial(String key, String id) {
        return key + PARTIAL_MARK + id;
    }

    static String manifest(String key) {
        return key + MANIFEST_SUFFIX;
    }

    /** The key a partial upload belongs to, or null when {@code path} is not a partial upload. */
    static String keyOfPartial(String path) {
        int i = path.lastIndexOf(PARTIAL_MARK);
        if (i <= 0 || path.indexOf('/', i) >= 0) {
            return null;
        }
        String id = path.substring(i + PARTIAL_MARK.length());
        return id.matches("[0-9a-f]{32}") ? path.substring(0, i) : null;
    }

    static String idOfPartial(String path) {
        return path.substring(path.lastIndexOf(PARTIAL_MARK) + PARTIAL_MARK.length());
    }

    /** The collections above {@code key}, top first, each ending in '/': "a/b/c" gives "a/", "a/b/". */
    static List<String> parents(String key) {
        List<String> out = new ArrayList<>();
        for (int i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) {
            out.add(key.substring(0, i + 1));
        }
        return out;
    }

    /** Percent-encodes each segment of a relative path as UTF-8, keeping '/' and RFC 3986 unreserved characters. */
    static String encode(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes %XX escapes as UTF-8; '+' stays '+' (it means a space only in form data, not in paths). */
    static String decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
