package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.s3upload.internal.Json;

/** Reading, writing and quarantining {@code .upload} markers, including those of the original module. */
public final class MarkerFiles {
    public static final String SUFFIX = ".upload";
    public static final String CORRUPT_SUFFIX = ".upload.corrupt";
    public static final String MISSING_SUFFIX = ".upload.missing";
    /** Markers are a few hundred bytes; anything far bigger is not one of ours. */
    private static final long MAX_MARKER_BYTES = 1 << 20;

    private MarkerFiles() {
    }

    /** Thrown for a marker whose content is not understood. */
    public static final class CorruptMarkerException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptMarkerException(String message) {
            super(message);
        }
    }

    public static Path markerOf(Path recording) {
        return recording.resolveSibling(recording.getFileName() + SUFFIX);
    }

    /** The recording a marker belongs to, or null if the path is not a marker's. */
    public static Path recordingOf(Path marker) {
        String name = marker.getFileName().toString();
        if (name.length() <= SUFFIX.length() || !name.toLowerCase(java.util.Locale.ROOT).endsWith(SUFFIX)) {
            return null;
        }
        return marker.resolveSibling(name.substring(0, name.length() - SUFFIX.length()));
    }

    public static void write(Path marker, Marker m) throws IOException {
        AtomicFiles.write(marker, m.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a marker: ours, an empty one or an SDK {@code PersistableUpload} of the original module.
     *
     * @throws NoSuchFileException the marker is gone
     * @throws CorruptMarkerException its content is not understood
     */
    public static Marker read(Path marker) throws IOException {
        long size = Files.size(marker);
        long modified = Files.getLastModifiedTime(marker).toMillis();
        if (size == 0) {
            return Marker.legacyEmpty(modified);
        }
        if (size > MAX_MARKER_BYTES) {
            throw new CorruptMarkerException("marker " + marker + " has " + size + " bytes, far more than a marker holds");
        }
        String text = new String(Files.readAllBytes(marker), StandardCharsets.UTF_8);
        Map<String, Object> json;
        try {
            json = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new CorruptMarkerException("marker " + marker + " is not valid JSON (" + e.getMessage() + ")");
        }
        if ("upload".equals(json.get("pauseType"))) {
            Object key = json.get("key");
            if (!(key instanceof String) || ((String) key).isEmpty()) {
                throw new CorruptMarkerException("marker " + marker + " is an SDK PersistableUpload without a key");
            }
            return Marker.legacyResume((String) key, text, modified);
        }
        try {
            return Marker.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new CorruptMarkerException("marker " + marker + " is not understood: " + e.getMessage());
        }
    }

    /** Moves an unreadable marker aside (so it is looked at once, not on every start) and returns its new path. */
    public static Path quarantine(Path marker, String suffix) throws IOException {
        Path recording = recordingOf(marker);
        Path aside = recording.resolveSibling(recording.getFileName() + suffix);
        AtomicFiles.rename(marker, aside);
        return aside;
    }
}
