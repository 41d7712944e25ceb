package org.s3upload.wowza.engine;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the engines of one JVM agree on: which engine handles a recording now (claimed by its
 * {@linkplain LocalFile#claimPath real path}), which object keys versioning has handed out per
 * target, and which engine owns which {@link Owner} id. Injected into every engine; Wowza's
 * applications share {@link #JVM}, tests may give an engine one of its own.
 */
final class Claims {
    /** The registry every engine started by the module uses. */
    static final Claims JVM = new Claims();

    private final ConcurrentHashMap<Path, RecordingJob> recordings = new ConcurrentHashMap<>();
    /** target fingerprint + '\n' + key -> the job, or the recording's claim path for a key reserved by recovery. */
    private final ConcurrentHashMap<String, Object> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Consumer<Path>> owners = new ConcurrentHashMap<>();
    /**
     * Reports of one recording are taken one at a time, each reading the file inside: a report
     * delivered late (the hand-over of a starting engine) then cannot finish after a newer one and
     * replace the newer bytes with those it read earlier. Striped, so the lock costs no memory per
     * recording and reports of different recordings rarely wait for each other.
     */
    private final Object[] reportLocks = new Object[64];

    Claims() {
        for (int i = 0; i < reportLocks.length; i++) {
            reportLocks[i] = new Object();
        }
    }

    /** The lock that finish reports of {@code recording} (a claim path) are taken under. */
    Object reportLock(Path recording) {
        return reportLocks[Math.floorMod(recording.hashCode(), reportLocks.length)];
    }

    /** Claims {@code recording} for {@code job}; returns the job that holds it already, or null. */
    RecordingJob claim(Path recording, RecordingJob job) {
        return recordings.putIfAbsent(recording, job);
    }

    boolean isClaimed(Path recording) {
        return recordings.containsKey(recording);
    }

    void release(RecordingJob job) {
        recordings.remove(job.claimPath(), job);
        // also a reservation recovery made for the recording that the job never took over
        keys.values().removeIf(h -> h == job || h.equals(job.claimPath()));
    }

    /**
     * Reserves {@code key} at {@code target} for {@code job}. A reservation made by recovery for the
     * job's recording passes to the job.
     */
    boolean reserveKey(String target, String key, RecordingJob job) {
        Object holder = keys.compute(target + "\n" + key,
                (k, h) -> h == null || h == job || h.equals(job.claimPath()) ? job : h);
        return holder == job;
    }

    /** Recovery: a key a marker already holds stays that recording's, before any new job picks one. */
    boolean reserveForRecording(String target, String key, Path recording) {
        Object holder = keys.putIfAbsent(target + "\n" + key, recording);
        return holder == null || holder.equals(recording);
    }

    void releaseKey(String target, String key, Object holder) {
        keys.remove(target + "\n" + key, holder);
    }

    boolean keyReserved(String target, String key) {
        return keys.containsKey(target + "\n" + key);
    }

    /** True when a recording other than {@code job}'s, handled anywhere in this JVM, uses {@code key}. */
    boolean keyBusyElsewhere(String target, String key, RecordingJob job) {
        Object holder = keys.get(target + "\n" + key);
        if (holder != null && holder != job && !holder.equals(job.claimPath())) {
            return true;
        }
        for (RecordingJob other : recordings.values()) {
            if (other != job && key.equals(other.marker().key())) {
                return true;
            }
        }
        return false;
    }

    /** A running engine takes markers handed to it (moved with a renamed recording) through {@code taker}. */
    void register(Owner owner, Consumer<Path> taker) {
        owners.put(owner.id(), taker);
    }

    void unregister(Owner owner, Consumer<Path> taker) {
        owners.remove(owner.id(), taker);
    }

    /** Hands a marker to its owner's running engine; false when none runs (its next start finds it). */
    boolean handTo(String ownerId, Path marker) {
        Consumer<Path> taker = ownerId == null ? null : owners.get(ownerId);
        if (taker == null) {
            return false;
        }
        taker.accept(marker);
        return true;
    }
}
