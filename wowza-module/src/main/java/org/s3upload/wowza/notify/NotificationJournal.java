package org.s3upload.wowza.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.s3upload.wowza.engine.AtomicFiles;

/**
 * The durable notification journal of one application instance: one file per event, named by a
 * sequence number that only grows ({@code 00000000000000000042-<id>.json}, holding the exact JSON
 * body), one {@code delivered-<listener>} file per listener with the sequence number it has taken
 * up to, and a {@code dead-letter} folder for events a listener refused for good. Every write is
 * atomic (temp file, fsync, rename, directory fsync). The newest {@link #KEEP_DELIVERED} delivered
 * events stay: their ids let a recording that recovery proves again after a crash be recognised,
 * instead of announced a second time. Thread-safe.
 */
final class NotificationJournal {
    /** Delivered events kept for recognising repeats; older ones are deleted. */
    static final int KEEP_DELIVERED = 1000;
    static final String DEAD_LETTER = "dead-letter";
    private static final String CURSOR = "delivered-";
    private static final Pattern EVENT = Pattern.compile("([0-9]{20})-([A-Za-z0-9-]{1,64})\\.json");

    private final Path dir;
    /** seq -> file name, every event on disk. */
    private final TreeMap<Long, String> events = new TreeMap<>();
    private final Set<String> ids = new HashSet<>();
    private long lastSeq;

    /** Reads the folder (creating it); removes temporary files a crash left. */
    NotificationJournal(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                Matcher m = EVENT.matcher(name);
                if (name.contains(AtomicFiles.TEMP_MARK)) {
                    Files.deleteIfExists(p);
                } else if (m.matches()) {
                    long seq = Long.parseLong(m.group(1));
                    events.put(seq, name);
                    ids.add(m.group(2));
                    lastSeq = Math.max(lastSeq, seq);
                } else if (name.startsWith(CURSOR)) {
                    lastSeq = Math.max(lastSeq, readCursor(p));
                }
            }
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Journals the event durably under the next sequence number; false (nothing written) when an
     * event with this id is journalled already.
     */
    synchronized boolean append(String id, byte[] body) throws IOException {
        if (ids.contains(id)) {
            return false;
        }
        long seq = lastSeq + 1;
        String name = String.format("%020d-%s.json", seq, id);
        AtomicFiles.write(dir.resolve(name), body);
        lastSeq = seq;
        events.put(seq, name);
        ids.add(id);
        return true;
    }

    /** The first event after sequence number {@code after}, or null. */
    synchronized Entry next(long after) {
        java.util.Map.Entry<Long, String> e = events.higherEntry(after);
        return e == null ? null : new Entry(e.getKey(), dir.resolve(e.getValue()));
    }

    /** How many events after {@code after} are journalled. */
    synchronized int countAfter(long after) {
        return events.tailMap(after, false).size();
    }

    /** The sequence number listener {@code name} has taken up to (0: none yet). */
    long cursor(String name) throws IOException {
        return readCursor(cursorPath(name));
    }

    /** Records durably that listener {@code name} took every event up to {@code seq}. */
    void advance(String name, long seq) throws IOException {
        AtomicFiles.write(cursorPath(name), Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** Keeps a copy of an event a listener refused for good; returns where. */
    Path deadLetter(Entry e, String listener, byte[] body) throws IOException {
        Path dead = Files.createDirectories(dir.resolve(DEAD_LETTER));
        Path to = dead.resolve(e.path.getFileName().toString().replace(".json", "." + safe(listener) + ".json"));
        AtomicFiles.write(to, body);
        return to;
    }

    /** Deletes delivered events beyond the newest {@link #KEEP_DELIVERED}; {@code upTo} is the lowest cursor. */
    void prune(long upTo) throws IOException {
        List<Path> old = new ArrayList<>();
        synchronized (this) {
            List<Long> delivered = new ArrayList<>(events.headMap(upTo, true).keySet());
            for (Long seq : delivered.subList(0, Math.max(0, delivered.size() - KEEP_DELIVERED))) {
                String name = events.remove(seq);
                Matcher m = EVENT.matcher(name);
                if (m.matches()) {
                    ids.remove(m.group(2));
                }
                old.add(dir.resolve(name));
            }
        }
        for (Path p : old) {
            Files.deleteIfExists(p);
        }
        if (!old.isEmpty()) {
            AtomicFiles.syncDirectory(dir); // lost in a power cut, a deletion only means an event kept longer
        }
    }

    /** Event files on disk, oldest first (for tests and operators). */
    synchronized List<Path> eventFiles() {
        List<Path> out = new ArrayList<>();
        for (String n : events.values()) {
            out.add(dir.resolve(n));
        }
        return Collections.unmodifiableList(out);
    }

    private Path cursorPath(String listener) {
        return dir.resolve(CURSOR + safe(listener));
    }

    private static long readCursor(Path p) throws IOException {
        try {
            String s = new String(Files.readAllBytes(p), StandardCharsets.US_ASCII).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (NumberFormatException e) {
            throw new IOException("the notification cursor " + p + " does not hold a number; delete it to deliver every"
                    + " journalled event to its listener again", e);
        }
    }

    /** A file-name-safe form of a listener or folder name. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "_" : s;
    }

    /** One journalled event: its sequence number and file. */
    static final class Entry {
        final long seq;
        final Path path;

        Entry(long seq, Path path) {
            this.seq = seq;
            this.path = path;
        }
    }
}
