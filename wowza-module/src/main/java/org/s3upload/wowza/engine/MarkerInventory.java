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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every marker under a content folder, read and never changed: for tools that look at a server's
 * journal from outside (the {@code s3upload status} command). It finds what the module's startup
 * scan finds (every {@code *.upload} below the folder, the markers its index names outside it),
 * parses each with the module's own reader, and also lists the markers the module set aside as
 * unreadable. Unlike the scan it moves, deletes and writes nothing, and takes every owner's markers.
 * Immutable.
 */
public final class MarkerInventory {

    /** What a marker file is, as far as the module is concerned. */
    public enum Kind {
        /** A marker the module reads (its own format, or one of the original module's). */
        MARKER,
        /** A {@code .upload} file whose content is not understood; the next start moves it aside. */
        UNREADABLE,
        /** Moved aside by the module ({@code .upload.corrupt}, {@code .upload.missing}); waits for an operator. */
        SET_ASIDE
    }

    /** One marker file found. Immutable. */
    public static final class Entry {
        private final Path file;
        private final Path recording;
        private final Kind kind;
        private final Marker marker;
        private final String problem;
        private final boolean indexed;
        private final long fileModifiedMillis;

        Entry(Path file, Path recording, Kind kind, Marker marker, String problem, boolean indexed, long modified) {
            this.file = file;
            this.recording = recording;
            this.kind = kind;
            this.marker = marker;
            this.problem = problem;
            this.indexed = indexed;
            this.fileModifiedMillis = modified;
        }

        /** The marker file. */
        public Path file() {
            return file;
        }

        /** The recording it journals. */
        public Path recording() {
            return recording;
        }

        public Kind kind() {
            return kind;
        }

        /** The parsed marker; null unless {@link #kind()} is {@link Kind#MARKER}. */
        public Marker marker() {
            return marker;
        }

        /** Why the file is not a readable marker; null for {@link Kind#MARKER}. */
        public String problem() {
            return problem;
        }

        /** True when the marker lies outside the folder and was found through the module's index. */
        public boolean indexed() {
            return indexed;
        }

        /** True for a marker written by the original module (no provider, no fingerprint). */
        public boolean legacy() {
            return marker != null && marker.providerId() == null && marker.size() < 0;
        }

        /** When the recording was reported finished, or else when the file was last written (epoch millis). */
        public long since() {
            return marker != null && marker.finishedAt() > 0 ? marker.finishedAt() : fileModifiedMillis;
        }
    }

    private final List<Entry> entries;
    private final List<String> unreadableFolders;

    private MarkerInventory(List<Entry> entries, List<String> unreadableFolders) {
        this.entries = Collections.unmodifiableList(entries);
        this.unreadableFolders = Collections.unmodifiableList(unreadableFolders);
    }

    /** The markers oldest first (the order in which the module's recovery takes them). */
    public List<Entry> entries() {
        return entries;
    }

    /** Files or folders below the content folder that could not be read, one sentence each. */
    public List<String> unreadableFolders() {
        return unreadableFolders;
    }

    /**
     * Reads every marker under {@code contentDir}.
     *
     * @throws NoSuchFileException {@code contentDir} is not a folder
     */
    public static MarkerInventory of(Path contentDir) throws IOException {
        if (!Files.isDirectory(contentDir)) {
            throw new NoSuchFileException(contentDir.toString(), null, "not a folder");
        }
        final Path configured = contentDir.toAbsolutePath().normalize();
        final Path walked = configured.toRealPath();
        final Map<Path, Entry> found = new LinkedHashMap<>();
        final List<String> unreadable = new ArrayList<>();
        Files.walkFileTree(walked, new MarkerFolderVisitor() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                Path named = configured.resolve(walked.relativize(file));
                if (!attrs.isRegularFile() || name.contains(AtomicFiles.TEMP_MARK)) {
                    return FileVisitResult.CONTINUE;
                }
                if (name.endsWith(MarkerFiles.SUFFIX)) {
                    putIfRead(found, named, false);
                } else if (name.endsWith(MarkerFiles.CORRUPT_SUFFIX) || name.endsWith(MarkerFiles.MISSING_SUFFIX)) {
                    String suffix = name.endsWith(MarkerFiles.CORRUPT_SUFFIX) ? MarkerFiles.CORRUPT_SUFFIX : MarkerFiles.MISSING_SUFFIX;
                    String fileName = named.getFileName().toString();
                    Path recording = named.resolveSibling(fileName.substring(0, fileName.length() - suffix.length()));
                    found.put(named, new Entry(named, recording, Kind.SET_ASIDE, null, suffix.equals(MarkerFiles.CORRUPT_SUFFIX)
                            ? "the module found this marker unreadable, moved it aside and uploaded the recording afresh"
                            : "the module set this marker aside because its recording was gone", false,
                            attrs.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            void unreadable(Path file, IOException exc) {
                unreadable.add("cannot look for markers in " + file + " (" + exc + ")");
            }
        });
        for (ExternalMarkers.Entry e : ExternalMarkers.peek(configured)) {
            if (!found.containsKey(e.marker) && Files.exists(e.marker)) {
                putIfRead(found, e.marker, true);
            } else if (!Files.exists(e.marker)) {
                unreadable.add("the index names " + e.marker + ", which is not there now (its folder not mounted, or a"
                        + " marker not written yet); the module keeps the entry and looks again");
            }
        }
        List<Entry> entries = new ArrayList<>(found.values());
        Collections.sort(entries, new Comparator<Entry>() {
            @Override
            public int compare(Entry a, Entry b) {
                int c = Long.compare(a.since(), b.since());
                return c != 0 ? c : a.file.compareTo(b.file);
            }
        });
        return new MarkerInventory(entries, unreadable);
    }

    /** Reads one marker into {@code found}; one that vanished meanwhile (its upload finished) is left out. */
    private static void putIfRead(Map<Path, Entry> found, Path file, boolean indexed) {
        Path recording = MarkerFiles.recordingOf(file);
        long modified = modified(file);
        try {
            found.put(file, new Entry(file, recording, Kind.MARKER, MarkerFiles.read(file), null, indexed, modified));
        } catch (NoSuchFileException e) {
            // finished by a running upload between the listing and the read
        } catch (IOException e) {
            found.put(file, new Entry(file, recording, Kind.UNREADABLE, null, e.getMessage(), indexed, modified));
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
