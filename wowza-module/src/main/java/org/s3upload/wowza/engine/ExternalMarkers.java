package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.s3upload.spi.support.Checksums;

/**
 * An index of markers that lie outside every scanned directory (recordings written elsewhere by
 * a per-recorder output path), so that recovery finds them too. One small file per marker in
 * {@code [storage dir]/.s3upload/external/}, holding the marker's absolute path and, on a second
 * line, its owner. An entry is written before its marker and removed after it, so a kill at any
 * point leaves an entry for every marker outside the storage folder.
 */
final class ExternalMarkers {
    static final String DIR = ".s3upload";
    private final Path dir;
    private final String owner;

    ExternalMarkers(Path storageDir, String owner) {
        this.dir = storageDir.resolve(DIR).resolve("external");
        this.owner = owner;
    }

    void add(Path marker) throws IOException {
        Files.createDirectories(dir);
        String content = marker.toAbsolutePath() + "\n" + (owner == null ? "" : owner);
        AtomicFiles.write(entry(marker), content.getBytes(StandardCharsets.UTF_8));
    }

    void remove(Path marker) throws IOException {
        AtomicFiles.delete(entry(marker));
    }

    /** One index entry as read. Immutable. */
    static final class Entry {
        final Path marker;
        /** Who wrote the entry (null in entries of earlier versions). */
        final String owner;

        Entry(Path marker, String owner) {
            this.marker = marker;
            this.owner = owner;
        }
    }

    /** What the index holds now. */
    static final class Listing {
        /** Entries whose marker is there. */
        final List<Entry> present;
        /** Entries whose marker is not there but whose recording is (a kill between indexing and writing it). */
        final List<Entry> unwritten;
        /** Entries whose folder cannot be seen now (a mount not up): kept, and looked at again later. */
        final List<Entry> unreachable;

        Listing(List<Entry> present, List<Entry> unwritten, List<Entry> unreachable) {
            this.present = Collections.unmodifiableList(present);
            this.unwritten = Collections.unmodifiableList(unwritten);
            this.unreachable = Collections.unmodifiableList(unreachable);
        }
    }

    /**
     * The indexed markers. An entry is dropped only when its folder is there and neither its marker
     * nor its recording is (the upload finished, and a kill came before the entry was removed);
     * never because its folder cannot be seen right now.
     */
    Listing list() throws IOException {
        List<Entry> present = new ArrayList<>();
        List<Entry> unwritten = new ArrayList<>();
        List<Entry> unreachable = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Listing(present, unwritten, unreachable);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                if (e.getFileName().toString().contains(AtomicFiles.TEMP_MARK)) {
                    // Only leftovers of a crash: a younger one may be an index write in progress.
                    if (Files.getLastModifiedTime(e).toMillis() < System.currentTimeMillis() - MarkerScan.STALE_TEMP_MILLIS) {
                        Files.deleteIfExists(e);
                    }
                    continue;
                }
                Entry entry = readEntry(e);
                Path parent = entry.marker.getParent();
                if (Files.exists(entry.marker)) {
                    present.add(entry);
                } else if (parent == null || !Files.isDirectory(parent)) {
                    unreachable.add(entry);
                } else if (Files.exists(MarkerFiles.recordingOf(entry.marker))) {
                    unwritten.add(entry);
                } else {
                    AtomicFiles.delete(e);
                }
            }
        }
        return new Listing(present, unwritten, unreachable);
    }

    /**
     * The index of {@code storageDir} as it is, for a reader that must change nothing (the
     * command-line tool): no temp file removed, no stale entry dropped.
     */
    static List<Entry> peek(Path storageDir) throws IOException {
        Path index = storageDir.resolve(DIR).resolve("external");
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(index)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(index)) {
            for (Path e : ds) {
                if (!e.getFileName().toString().contains(AtomicFiles.TEMP_MARK)) {
                    out.add(readEntry(e));
                }
            }
        }
        return out;
    }

    private static Entry readEntry(Path file) throws IOException {
        String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
        return new Entry(Paths.get(lines[0].trim()), lines.length > 1 && !lines[1].trim().isEmpty() ? lines[1].trim() : null);
    }

    private Path entry(Path marker) {
        byte[] name = marker.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
        return dir.resolve(Checksums.hex(Checksums.newMd5().digest(name)) + ".ref");
    }
}
