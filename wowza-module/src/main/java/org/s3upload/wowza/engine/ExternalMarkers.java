package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.s3upload.spi.support.Checksums;

/**
 * An index of markers that lie outside every scanned directory (recordings written elsewhere by
 * a per-recorder output path), so that recovery finds them too. One small file per marker in
 * {@code [storage dir]/.s3upload/external/}, holding the marker's absolute path.
 */
final class ExternalMarkers {
    static final String DIR = ".s3upload";
    private final Path dir;

    ExternalMarkers(Path storageDir) {
        this.dir = storageDir.resolve(DIR).resolve("external");
    }

    void add(Path marker) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(entry(marker), marker.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
    }

    void remove(Path marker) throws IOException {
        AtomicFiles.delete(entry(marker));
    }

    /** The indexed marker paths; entries whose marker is gone are dropped. */
    List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                if (e.getFileName().toString().contains(AtomicFiles.TEMP_MARK)) {
                    Files.deleteIfExists(e);
                    continue;
                }
                Path marker = Paths.get(new String(Files.readAllBytes(e), StandardCharsets.UTF_8).trim());
                if (Files.exists(marker)) {
                    out.add(marker);
                } else {
                    AtomicFiles.delete(e);
                }
            }
        }
        return out;
    }

    private Path entry(Path marker) {
        byte[] name = marker.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
        return dir.resolve(Checksums.hex(Checksums.newMd5().digest(name)) + ".ref");
    }
}
