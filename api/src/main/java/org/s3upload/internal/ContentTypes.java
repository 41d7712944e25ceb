package org.s3upload.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The content type a provider stores when a request names none, from the key's extension. One
 * table for every provider, so a recording gets the same type whichever storage it goes to; it
 * knows the formats Wowza records and the files that travel with them (unlike the JDK's and the
 * SDKs' tables, which lack flv/f4v or HLS and differ between releases).
 */
public final class ContentTypes {
    /** The type of anything not in the table. */
    public static final String DEFAULT = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = new HashMap<>();

    static {
        BY_EXTENSION.put("mp4", "video/mp4");
        BY_EXTENSION.put("m4v", "video/mp4");
        BY_EXTENSION.put("f4v", "video/mp4");
        BY_EXTENSION.put("mov", "video/quicktime");
        BY_EXTENSION.put("flv", "video/x-flv");
        BY_EXTENSION.put("ts", "video/mp2t");
        BY_EXTENSION.put("m3u8", "application/vnd.apple.mpegurl");
        BY_EXTENSION.put("webm", "video/webm");
        BY_EXTENSION.put("mkv", "video/x-matroska");
        BY_EXTENSION.put("m4a", "audio/mp4");
        BY_EXTENSION.put("mp3", "audio/mpeg");
        BY_EXTENSION.put("aac", "audio/aac");
        BY_EXTENSION.put("json", "application/json");
        BY_EXTENSION.put("txt", "text/plain");
        BY_EXTENSION.put("jpg", "image/jpeg");
        BY_EXTENSION.put("png", "image/png");
    }

    private ContentTypes() {
    }

    /** The content type for a key or file name, from the extension of its last segment (case-insensitive). */
    public static String forKey(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot <= slash + 1 || dot == key.length() - 1) {
            return DEFAULT; // no extension, a hidden name like ".mp4", or a trailing dot
        }
        String type = BY_EXTENSION.get(key.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type == null ? DEFAULT : type;
    }
}
