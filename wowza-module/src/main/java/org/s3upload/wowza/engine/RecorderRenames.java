package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.s3upload.spi.support.FileFingerprint;

/**
 * Wowza's recorder versioning renames a finished {@code name.ext} to {@code name_N.ext} when the
 * stream starts recording again under the same name, possibly before our upload of it began. The
 * renamed file is recognised by its fingerprint: exactly the size and mtime the marker recorded,
 * and the same file key (inode) where the marker recorded one, which a rename keeps.
 */
final class RecorderRenames {
    private RecorderRenames() {
    }

    /**
     * The sibling {@code name_N.ext} of {@code recording} that {@code marker} describes and that has
     * no marker of its own (else it is another recording), or null when there is none.
     */
    static Path find(Path recording, Marker marker) {
        if (marker.size() < 0) {
            return null; // the original module's markers record no fingerprint to recognise it by
        }
        String name = recording.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        Path dir = recording.toAbsolutePath().getParent();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, globEscape(base) + "_*" + globEscape(ext))) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                String middle = n.substring(base.length() + 1, n.length() - ext.length());
                if (!middle.matches("\\d+") || Files.exists(MarkerFiles.markerOf(p))) {
                    continue;
                }
                if (marker.describes(FileFingerprint.of(p))) {
                    String key = marker.fileKey() == null ? null : LocalFile.key(p);
                    if (key == null || key.equals(marker.fileKey())) {
                        return p;
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** Recording names may hold glob characters ({@code [live] show*.mp4}); match them literally. */
    private static String globEscape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
