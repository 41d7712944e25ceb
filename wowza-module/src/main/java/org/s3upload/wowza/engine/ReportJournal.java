package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.ObjectKeys;
import org.s3upload.api.UploadTarget;

/**
 * The markers a finish report writes on the host's thread, outside any job: the first marker of a
 * recording, the marker a journal-only engine writes, and the marker that moves with a recording
 * Wowza's recorder renamed. A marker at the reported name that describes other bytes is moved to
 * their new name before it is replaced, so a recording renamed while it waited is never forgotten.
 */
final class ReportJournal {
    /** What a journal-only write did. */
    enum Outcome { WRITTEN, UNCHANGED, FAILED }

    /** A journal-only write: its outcome, and the take whose marker moved with a recorder rename (or null). */
    static final class Written {
        final Outcome outcome;
        final Path renamed;

        Written(Outcome outcome, Path renamed) {
            this.outcome = outcome;
            this.renamed = renamed;
        }
    }

    private final EngineSettings config;
    private final UploadLog log;
    private final ExternalMarkers externalMarkers;
    private final JobContext ctx;

    ReportJournal(EngineSettings config, UploadLog log, ExternalMarkers externalMarkers, JobContext ctx) {
        this.config = config;
        this.log = log;
        this.externalMarkers = externalMarkers;
        this.ctx = ctx;
    }

    /**
     * The marker a new job starts from: the one on disk if it describes these bytes (reported again
     * after a restart, or journalled while the target started: key, MD5 and token are kept), else a
     * fresh one. With {@code followRenames} (no job holds the recording), a marker on disk for other
     * bytes that Wowza renamed moves with them first.
     */
    Marker initialMarker(Path recording, FileFingerprint fp, String fileKey, String stream, UploadTarget target,
                         boolean followRenames) {
        Marker m = fresh(fp, fileKey, stream);
        Marker old = readOrNull(recording);
        if (old != null && fp != null && old.size() >= 0 && old.describes(fp)) {
            m = old.retried().withStream(stream != null ? stream : old.stream()).withOwner(config.owner().id())
                    .withFileKey(fileKey);
        } else if (old != null && followRenames && old.size() >= 0) {
            Path renamed = RecorderRenames.find(recording, old);
            if (renamed != null) {
                log.info("recording " + recording + " was renamed to " + renamed + " by the recorder before its upload;"
                        + " its marker moves with it and " + recording + " is a new recording");
                ctx.followRename(renamed, old);
            }
        }
        if (m.key() == null && !config.versionFile() && target != null && fp != null) {
            String key = config.keys().key(recording, stream, fp.modifiedMillis());
            if (ObjectKeys.problem(key) == null) {
                m = m.withKey(key, target.providerId(), target.fingerprint());
            }
        }
        return m;
    }

    /**
     * Without a target (or while stopping): writes the marker for the next engine. A take the
     * recorder renamed gets its marker moved first; it is named in the result, since the engine
     * this one hands over to may have looked for markers already.
     */
    Written journalOnly(Path recording, FileFingerprint fp, String fileKey, String stream) {
        Marker old = readOrNull(recording);
        if (old != null && fp != null && old.size() >= 0 && old.describes(fp)) {
            return new Written(Outcome.UNCHANGED, null);
        }
        Path renamed = null;
        if (old != null && old.size() >= 0) {
            renamed = RecorderRenames.find(recording, old);
            if (renamed != null) {
                Marker moved = moved(renamed, old);
                writeMoved(renamed, moved);
                log.info("recording " + recording + " was renamed to " + renamed + " by the recorder before its upload;"
                        + " its marker moved with it");
            }
        }
        Path marker = MarkerFiles.markerOf(recording);
        try {
            if (isExternal(recording)) {
                externalMarkers.add(marker);
            }
            MarkerFiles.write(marker, fresh(fp, fileKey, stream));
            return new Written(Outcome.WRITTEN, renamed);
        } catch (IOException e) {
            log.error("cannot journal recording " + recording + " (" + e + "); it will not be uploaded automatically", e);
            return new Written(Outcome.FAILED, renamed);
        }
    }

    private Marker fresh(FileFingerprint fp, String fileKey, String stream) {
        long now = System.currentTimeMillis();
        Marker m = fp == null ? Marker.unread(stream, now) : Marker.pending(fp, stream, now).withFileKey(fileKey);
        return m.withOwner(config.owner().id());
    }

    /** The marker of a renamed recording: same bytes and owner; key and token are chosen again for its name. */
    Marker moved(Path renamed, Marker m) {
        Marker moved = m.withKey(null, null, null).withToken(null).withFileKey(LocalFile.key(renamed));
        return moved.owner() == null ? moved.withOwner(config.owner().id()) : moved;
    }

    /** Writes a moved marker (indexed first when outside the storage folders). */
    void writeMoved(Path renamed, Marker moved) {
        Path marker = MarkerFiles.markerOf(renamed);
        try {
            if (isExternal(renamed)) {
                externalMarkers.add(marker);
            }
            MarkerFiles.write(marker, moved);
        } catch (IOException e) {
            log.error("cannot write the marker of " + renamed + " (renamed by the recorder) (" + e + "); it will not be"
                    + " uploaded automatically", e);
        }
    }

    /** After a claim: the marker is still there and still this engine's to take. */
    boolean stillOurs(Path marker, Owner owner) {
        try {
            return owner.mayTake(MarkerFiles.read(marker));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // unreadable now: the job finds out, as for any marker
        }
    }

    boolean isExternal(Path recording) {
        for (Path root : config.roots()) {
            if (recording.startsWith(root)) {
                return false;
            }
        }
        return true;
    }

    private static Marker readOrNull(Path recording) {
        try {
            return MarkerFiles.read(MarkerFiles.markerOf(recording));
        } catch (IOException e) {
            return null; // no marker yet (the normal case) or an unreadable one, which the new marker replaces
        }
    }
}
