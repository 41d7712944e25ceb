package org.s3upload.provider.s3;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content types of recording formats. Our own table rather than the SDK's mime.types, which knows
 * neither flv/f4v nor HLS and differs between SDK releases.
 */
final class ContentTypes {
    static final String DEFAULT = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = new HashMap<>();

    static {
        BY_EXTENSION.put("mp4", "video/mp4");
        BY_EXTENSION.put("flv", "video/x-flv");
        BY_EXTENSION.put("f4v", "video/mp4");
        BY_EXTENSION.put("mov", "video/quicktime");
        BY_EXTENSION.put("m4a", "audio/mp4");
        BY_EXTENSION.put("mp3", "audio/mpeg");
        BY_EXTENSION.put("aac", "audio/aac");
        BY_EXTENSION.put("ts", "video/mp2t");
        BY_EXTENSION.put("m3u8", "application/vnd.apple.mpegurl");
        BY_EXTENSION.put("webm", "video/webm");
    }

    private ContentTypes() {
    }

    /** The content type for a file or key name, from its extension (case-insensitive). */
    static String forName(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash || dot == name.length() - 1) {
            return DEFAULT;
        }
        String type = BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type == null ? DEFAULT : type;
    }
}
