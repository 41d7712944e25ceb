package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.s3upload.spi.support.FileFingerprint;

/**
 * The disk half of startup recovery: finds every marker under the storage directories and in the
 * index of external ones, reads each, and orders them oldest first. An unreadable marker is moved
 * aside and replaced by a fresh one, so its recording is uploaded from the start rather than lost.
 * Temp files of marker writes that a crash left behind are removed once they are old enough that
 * no live write can own them.
 */
final class MarkerScan {
    /** Older than this, a marker temp file cannot belong to a write still in progress. */
    static final long STALE_TEMP_MILLIS = 60_000;

    /** A marker found on disk, with the time that orders recovery. Immutable. */
    static final class Found {
        final Path marker;
        final Marker content;
        final long order;

        Found(Path marker, Marker content, long order) {
            this.marker = marker;
            this.content = content;
            this.order = order;
        }

        Found with(Marker changed) {
            return new Found(marker, changed, order);
        }
    }

    /** What a scan found: readable markers oldest first, and counts for the recovery log line. */
    static final class Result {
        final List<Found> found;
        final int legacy;
        final int corrupt;

        Result(List<Found> found, int legacy, int corrupt) {
            this.found = Collections.unmodifiableList(found);
            this.legacy = legacy;
            this.corrupt = corrupt;
        }
    }

    private final List<Path> roots;
    private final ExternalMarkers externalMarkers;
    private final UploadLog log;

    MarkerScan(List<Path> roots, ExternalMarkers externalMarkers, UploadLog log) {
        this.roots = roots;
        this.externalMarkers = externalMarkers;
        this.log = log;
    }

    /**
     * Reads every marker whose recording is not {@code claimed} already (reported since this
     * start); null when {@code stopped} turned true during the scan.
     */
    Result run(Predicate<Path> claimed, BooleanSupplier stopped) {
        List<Found> found = new ArrayList<>();
        int legacy = 0;
        int corrupt = 0;
        for (Path markerPath : markerPaths()) {
            if (stopped.getAsBoolean()) {
                return null;
            }
            Path recording = MarkerFiles.recordingOf(markerPath);
            if (recording == null || claimed.test(recording.toAbsolutePath().normalize())) {
                continue;
            }
            Marker m;
            try {
                m = MarkerFiles.read(markerPath);
                if (m.providerId() == null && m.size() < 0) {
                    legacy++;
                }
            } catch (NoSuchFileException e) {
                continue; // finished by a concurrent upload between the listing and the read
            } catch (IOException e) {
                corrupt++;
                m = quarantined(markerPath, recording, e);
                if (m == null) {
                    continue;
                }
            }
            long order = m.finishedAt() > 0 ? m.finishedAt() : lastModified(markerPath);
            found.add(new Found(markerPath, m, order));
        }
        Collections.sort(found, new Comparator<Found>() {
            @Override
            public int compare(Found a, Found b) {
                return Long.compare(a.order, b.order);
            }
        });
        return new Result(found, legacy, corrupt);
    }

    /** An unreadable marker: moved aside (logged once), and the recording journalled afresh. */
    private Marker quarantined(Path markerPath, Path recording, IOException why) {
        try {
            Path aside = MarkerFiles.quarantine(markerPath, MarkerFiles.CORRUPT_SUFFIX);
            FileFingerprint fp = FileFingerprint.of(recording);
            Marker fresh = Marker.pending(fp, null, fp.modifiedMillis());
            MarkerFiles.write(markerPath, fresh);
            log.warn(why.getMessage() + "; moved it to " + aside + " and uploading " + recording + " from the start");
            return fresh;
        } catch (IOException e) {
            log.warn(why.getMessage() + "; and it cannot be replaced (" + e + "), so " + recording + " is not uploaded");
            return null;
        }
    }

    /** Every {@code *.upload} marker under the roots and in the external index. */
    private List<Path> markerPaths() {
        final Set<Path> markers = new LinkedHashSet<>();
        final long staleBefore = System.currentTimeMillis() - STALE_TEMP_MILLIS;
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return dir.getFileName() != null && ExternalMarkers.DIR.equals(dir.getFileName().toString())
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String name = file.getFileName().toString();
                        if (name.contains(MarkerFiles.SUFFIX + AtomicFiles.TEMP_MARK)) {
                            if (attrs.lastModifiedTime().toMillis() < staleBefore) {
                                Files.deleteIfExists(file);
                            }
                        } else if (attrs.isRegularFile() && name.toLowerCase(Locale.ROOT).endsWith(MarkerFiles.SUFFIX)) {
                            markers.add(file.toAbsolutePath().normalize());
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                log.warn("cannot scan " + root + " for unfinished uploads: " + e);
            }
        }
        try {
            markers.addAll(externalMarkers.list());
        } catch (IOException e) {
            log.warn("cannot read the index of markers outside the storage directory: " + e);
        }
        return new ArrayList<>(markers);
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
