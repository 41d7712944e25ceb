package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.Path;
import org.s3upload.spi.support.FileFingerprint;

/**
 * The durable record of one recording: the marker as last written, its generation (bumped by every
 * finish report of other bytes, so that work begun for older bytes cannot write over newer ones),
 * and whether it is gone (deleted after the upload, moved with a rename, set aside). The journal's
 * monitor is the recording's lock: the job's state changes under it too. Writes are atomic
 * (temp, fsync, rename, directory fsync); an external marker is indexed before it is first written.
 */
final class MarkerJournal {
    private final Path recording;
    private final Path markerPath;
    private final boolean external;
    private final JobContext ctx;

    private Marker marker;
    private int generation;
    private boolean gone;
    /** The marker held carries a change not yet on disk, to be written before the recording's next attempt. */
    private boolean unsaved;

    MarkerJournal(JobContext ctx, Path recording, boolean external, Marker initial) {
        this.ctx = ctx;
        this.recording = recording;
        this.markerPath = MarkerFiles.markerOf(recording);
        this.external = external;
        this.marker = initial;
    }

    Path recording() {
        return recording;
    }

    Path markerPath() {
        return markerPath;
    }

    synchronized Marker marker() {
        return marker;
    }

    synchronized int generation() {
        return generation;
    }

    synchronized boolean isGone() {
        return gone;
    }

    /** True while nothing newer than generation {@code gen} was reported and the marker is ours. */
    synchronized boolean current(int gen) {
        return generation == gen && !gone;
    }

    /**
     * Keeps a change made at recovery (an ownerless marker adopted, a failed one retried) in memory
     * until the recording's next attempt, which writes it before anything remote happens. Until then
     * the change only matters inside this JVM, where the claim already keeps other engines away; a
     * crash before the attempt leaves the marker as it was found, and the next start finds it the same
     * way. Written at once, these changes cost a durable write per marker before recovery could look at
     * the next one: 10,000 of the original module's markers took 18.7 s instead of about 1.
     */
    synchronized void persistBeforeNextAttempt() {
        unsaved = true;
    }

    /** Writes the change {@link #persistBeforeNextAttempt} kept, if any. */
    synchronized void persistUnsaved(String what) {
        if (unsaved) {
            persist(what);
        }
    }

    /** Writes the marker as held (the first entry for a recording, or after a change). */
    synchronized void persist(String what) {
        if (gone) {
            return;
        }
        unsaved = false;
        if (external) {
            try {
                // Indexed before it is written: a kill in between leaves an index entry that recovery
                // resolves, never a marker outside the storage folder that nothing finds.
                ctx.externalMarkers().add(markerPath);
            } catch (IOException e) {
                ctx.log().warn("cannot index marker " + markerPath + " outside the storage directory (" + e
                        + "); it is uploaded now but would not be found after a restart");
            }
        }
        try {
            MarkerFiles.write(markerPath, marker);
        } catch (IOException e) {
            ctx.log().warn("cannot write marker " + markerPath + " while " + what + " (" + e
                    + "); the upload goes on, but a crash now would lose track of it");
        }
    }

    /** Applies a change made for generation {@code gen}; returns the marker now held, or null if the recording changed. */
    synchronized Marker update(int gen, Marker changed) {
        if (generation != gen || gone) {
            return null;
        }
        marker = changed;
        persist("updating");
        return marker;
    }

    /**
     * A finish report of other bytes ({@code fp} null: bytes that could not be read; the job reads
     * them): the marker describes them from now on, under a new generation. Returns the resume token
     * of the older bytes' upload (to abort), or null.
     */
    synchronized String newBytes(FileFingerprint fp, String fileKey, String stream) {
        String stale = marker.resumeToken();
        generation++;
        Marker m = fp == null ? Marker.unread(stream, marker.finishedAt()).withOwner(marker.owner())
                : marker.forBytes(fp).withFileKey(fileKey);
        if (stream != null) {
            m = m.withStream(stream);
        }
        // The key may depend on the mtime (date variables) and versioning must look again.
        marker = m.withKey(null, null, null);
        persist("recording new content");
        return stale;
    }

    /**
     * The upload of generation {@code gen} is verified: deletes the marker unless a newer report
     * came in meanwhile. The check and the deletion are one step under the lock, so a report that
     * arrives now is either seen here (and uploaded next) or finds the job over (and starts anew).
     */
    synchronized boolean finish(int gen) throws IOException {
        if (generation != gen || gone) {
            return false;
        }
        AtomicFiles.delete(markerPath); // a marker that cannot be deleted fails the attempt, which backs off
        gone = true;
        return true;
    }

    /** Records a resume token the provider published for generation {@code gen}'s upload. */
    synchronized void updateToken(int gen, String token) {
        if (generation != gen || gone) {
            return;
        }
        marker = marker.withToken(token);
        persist("saving a resume token");
    }

    /**
     * The recording was renamed (Wowza's versioning): {@code writeMoved} writes the marker at the new
     * name first, then this one is deleted, in one step under the lock, unless a report of other
     * bytes at this name came in since generation {@code gen} (then nothing moves: false).
     */
    boolean handOff(int gen, Runnable writeMoved) {
        synchronized (this) {
            if (generation != gen || gone) {
                return false;
            }
            writeMoved.run();
            gone = true;
            try {
                AtomicFiles.delete(markerPath);
            } catch (IOException e) {
                ctx.log().warn("cannot delete marker " + markerPath + " (its recording was renamed): " + e);
            }
        }
        unindex();
        return true;
    }

    /** The recording is gone before its upload: the marker is moved aside (kept for the operator). */
    Path setAside(String suffix) throws IOException {
        Path aside;
        synchronized (this) {
            gone = true;
            aside = MarkerFiles.quarantine(markerPath, suffix);
        }
        unindex();
        return aside;
    }

    /** After the marker is deleted: its index entry (for a marker outside the storage folder) goes too. */
    void unindex() {
        if (!external) {
            return;
        }
        try {
            ctx.externalMarkers().remove(markerPath);
        } catch (IOException e) {
            ctx.log().warn("cannot remove the index entry of " + markerPath + ": " + e);
        }
    }
}
