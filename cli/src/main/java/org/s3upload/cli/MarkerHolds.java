package org.s3upload.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.wowza.engine.Marker;
import org.s3upload.wowza.engine.MarkerInventory;

/**
 * Which incomplete uploads the markers of a content folder still hold, so that the tool never
 * aborts one: a marker holds an upload whose id its resume token names (the module resumes it),
 * and, to be safe, any upload at the key it will upload to (the module may have started that
 * upload an instant before it could journal the token). An unreadable marker whose bytes name the
 * upload id holds it too.
 */
final class MarkerHolds {
    private final MarkerInventory inventory;

    private MarkerHolds(MarkerInventory inventory) {
        this.inventory = inventory;
    }

    static MarkerHolds of(Path contentDir) throws CliProblem {
        try {
            return new MarkerHolds(MarkerInventory.of(contentDir));
        } catch (NoSuchFileException e) {
            throw CliProblem.usage("--content " + contentDir + " is not a folder; give the content folder of the"
                    + " application(s) that upload to this target (Wowza's default: [install-dir]/content)");
        } catch (IOException e) {
            throw CliProblem.failed("cannot read the markers under " + contentDir + " (" + e + "); without them"
                    + " no upload can be proven free, so nothing is aborted");
        }
    }

    int markers() {
        return inventory.entries().size();
    }

    /** Why a marker holds {@code u}, naming the marker; null when none does. */
    String holder(IncompleteUpload u) {
        for (MarkerInventory.Entry e : inventory.entries()) {
            Marker m = e.marker();
            if (m == null) {
                if (rawTextNames(e.file(), u.uploadId())) {
                    return "the unreadable marker " + e.file() + " names it";
                }
                continue;
            }
            String token = m.resumeToken();
            if (token != null && (u.uploadId().equals(MarkerState.uploadIdOf(token)) || token.contains(u.uploadId()))) {
                return "marker " + e.file() + " holds its resume token";
            }
            if (u.key().equals(m.key())) {
                return "marker " + e.file() + " uploads to this key (" + MarkerState.of(e).code + ")";
            }
        }
        return null;
    }

    private static boolean rawTextNames(Path file, String uploadId) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(uploadId);
        } catch (IOException e) {
            return false;
        }
    }
}
