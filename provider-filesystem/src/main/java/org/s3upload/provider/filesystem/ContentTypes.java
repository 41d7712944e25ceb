package org.s3upload.provider.filesystem;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The content type stored when a request names none: from the extension of the key. */
final class ContentTypes {
    static final String DEFAULT = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = new HashMap<>();

    static {
        // Recording formats Wowza writes, and the files that travel with them.
        BY_EXTENSION.put("mp4", "video/mp4");
        BY_EXTENSION.put("m4v", "video/mp4");
        BY_EXTENSION.put("m4a", "audio/mp4");
        BY_EXTENSION.put("flv", "video/x-flv");
        BY_EXTENSION.put("ts", "video/mp2t");
        BY_EXTENSION.put("m3u8", "application/vnd.apple.mpegurl");
        BY_EXTENSION.put("webm", "video/webm");
        BY_EXTENSION.put("mkv", "video/x-matroska");
        BY_EXTENSION.put("mp3", "audio/mpeg");
        BY_EXTENSION.put("aac", "audio/aac");
        BY_EXTENSION.put("json", "application/json");
        BY_EXTENSION.put("txt", "text/plain");
        BY_EXTENSION.put("jpg", "image/jpeg");
        BY_EXTENSION.put("png", "image/png");
    }

    private ContentTypes() {
    }

    static String forKey(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot <= slash + 1) {
            return DEFAULT;
        }
        String type = BY_EXTENSION.get(key.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type == null ? DEFAULT : type;
    }
}
