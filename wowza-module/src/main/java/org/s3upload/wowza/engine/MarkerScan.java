package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /** What a scan found: this engine's readable markers oldest first, and counts for the log. */
    static final class Result {
        final List<Found> found;
        final int legacy;
        final int corrupt;
        /** Markers of other applications sharing a folder, left untouched. */
        final int foreign;
        /** Folders (storage roots, folders of indexed markers) that cannot be seen now. */
        final Set<Path> unreachable;

        Result(List<Found> found, int legacy, int corrupt, int foreign, Set<Path> unreachable) {
            this.found = Collections.unmodifiableList(found);
            this.legacy = legacy;
            this.corrupt = corrupt;
            this.foreign = foreign;
            this.unreachable = Collections.unmodifiableSet(unreachable);
        }
    }

    private final List<Path> roots;
    private final ExternalMarkers externalMarkers;
    private final UploadLog log;
    private final Owner owner;
    /** Problems already logged, so that a periodic rescan does not repeat them. */
    private final Set<String> told;

    MarkerScan(List<Path> roots, ExternalMarkers externalMarkers, UploadLog log, Owner owner, Set<String> told) {
        this.roots = roots;
        this.externalMarkers = externalMarkers;
        this.log = log;
        this.owner = owner;
        this.told = told;
    }

    /**
     * Reads every marker whose recording is not {@code claimed} already (reported since this
     * start); null when {@code stopped} turned true during the scan.
     */
    Result run(Predicate<Path> claimed, BooleanSupplier stopped) {
        List<Found> found = new ArrayList<>();
        int legacy = 0;
        int corrupt = 0;
        int foreign = 0;
        Set<Path> unreachable = new LinkedHashSet<>();
        for (Path markerPath : markerPaths(unreachable)) {
            if (stopped.getAsBoolean()) {
                return null;
            }
            Path recording = MarkerFiles.recordingOf(markerPath);
            if (recording == null || claimed.test(LocalFile.claimPath(recording))) {
                continue;
            }
            Marker m;
            try {
                m = MarkerFiles.read(markerPath);
                if (!owner.mayTake(m)) {
                    foreign++;
                    continue;
                }
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
        return new Result(found, legacy, corrupt, foreign, unreachable);
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

    /**
     * Every {@code *.upload} marker under the roots and in the external index. One file or folder
     * that cannot be read or cleaned is logged (once) and passed over; the walk goes on.
     */
    private List<Path> markerPaths(Set<Path> unreachable) {
        final Set<Path> markers = new LinkedHashSet<>();
        final long staleBefore = System.currentTimeMillis() - STALE_TEMP_MILLIS;
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                unreachable.add(root);
                once("root " + root, "storage folder " + root + " cannot be seen now (not mounted yet?); its markers"
                        + " are looked for again every while the application runs");
                continue;
            }
            // A storage folder that is a link (content -> /mnt/...) is walked where it leads; the markers
            // are named under the configured folder, which keys are relative to.
            final Path configured = root;
            final Path walked = realOrSame(root);
            try {
                Files.walkFileTree(walked, new MarkerFolderVisitor() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString();
                        if (name.contains(MarkerFiles.SUFFIX + AtomicFiles.TEMP_MARK)) {
                            if (attrs.lastModifiedTime().toMillis() < staleBefore) {
                                try {
                                    Files.deleteIfExists(file);
                                } catch (IOException e) {
                                    once("temp " + file, "cannot remove " + file + ", left by an interrupted marker write ("
                                            + e + "); remove it by hand. The scan goes on");
                                }
                            }
                        } else if (attrs.isRegularFile() && name.toLowerCase(Locale.ROOT).endsWith(MarkerFiles.SUFFIX)) {
                            markers.add(configured.resolve(walked.relativize(file)).toAbsolutePath().normalize());
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    void unreadable(Path file, IOException exc) {
                        once("unreadable " + file, "cannot look for markers in " + file + " (" + exc + "); recordings there"
                                + " are not found until it can be read. The scan goes on");
                    }
                });
            } catch (IOException e) {
                log.warn("cannot scan " + root + " for unfinished uploads: " + e);
            }
        }
        try {
            ExternalMarkers.Listing index = externalMarkers.list();
            for (ExternalMarkers.Entry e : index.present) {
                markers.add(e.marker);
            }
            for (ExternalMarkers.Entry e : index.unwritten) {
                if (journalUnwritten(e)) {
                    markers.add(e.marker);
                }
            }
            for (ExternalMarkers.Entry e : index.unreachable) {
                Path dir = e.marker.getParent();
                unreachable.add(dir);
                once("external " + dir, "folder " + dir + " of a recording outside the storage folder cannot be seen now"
                        + " (not mounted yet?); its marker " + e.marker + " is kept and looked for again every while");
            }
        } catch (IOException e) {
            log.warn("cannot read the index of markers outside the storage directory: " + e);
        }
        return new ArrayList<>(markers);
    }

    /** A kill between indexing a marker and writing it: the recording is journalled now, for its owner. */
    private boolean journalUnwritten(ExternalMarkers.Entry e) {
        Path recording = MarkerFiles.recordingOf(e.marker);
        try {
            FileFingerprint fp = FileFingerprint.of(recording);
            Marker fresh = Marker.pending(fp, null, fp.modifiedMillis()).withOwner(e.owner)
                    .withFileKey(LocalFile.key(recording));
            MarkerFiles.write(e.marker, fresh);
            log.info("recording " + recording + " was indexed but its marker never written (a crash); journalled it now");
            return true;
        } catch (IOException ex) {
            log.warn("cannot journal " + recording + ", indexed without a marker: " + ex);
            return false;
        }
    }

    private static Path realOrSame(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private void once(String what, String message) {
        if (told.add(what)) {
            log.warn(message);
        }
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
