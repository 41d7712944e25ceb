package org.s3upload.wowza.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.internal.Json;

/**
 * The journal record kept next to a recording as {@code [recording].upload}. Immutable; every
 * change makes a copy that is then written atomically.
 *
 * <p>{@code size}/{@code mtime} say which bytes the record is about ({@code -1} when unknown, as
 * for markers of the original module); {@code key} is chosen once and kept, so a restart never
 * picks another key; {@code resumeToken} is the provider's token, or a legacy SDK
 * {@code PersistableUpload} JSON.
 */
public final class Marker {
    public static final int FORMAT_VERSION = 1;

    /** Where a recording stands. */
    public enum State {
        /** Waiting for its delay, a worker or a retry. */
        PENDING,
        /** An upload was started; the resume token, if any, belongs to it. */
        UPLOADING,
        /** Failed permanently: waits for an operator's fix, then the next start or a retry request. */
        FAILED
    }

    private final String providerId;
    private final String target;
    private final String key;
    private final long size;
    private final long mtime;
    private final String md5;
    private final State state;
    private final int attempts;
    private final String lastError;
    private final String resumeToken;
    private final String stream;
    private final long finishedAt;
    /** Which application's engine this recording belongs to ({@link Owner}); null in older markers. */
    private final String owner;
    /** The file system's identity of the recorded file (inode), where it gives one; null otherwise. */
    private final String fileKey;

    private Marker(String providerId, String target, String key, long size, long mtime, String md5, State state,
                   int attempts, String lastError, String resumeToken, String stream, long finishedAt) {
        this(providerId, target, key, size, mtime, md5, state, attempts, lastError, resumeToken, stream, finishedAt,
                null, null);
    }

    private Marker(String providerId, String target, String key, long size, long mtime, String md5, State state,
                   int attempts, String lastError, String resumeToken, String stream, long finishedAt,
                   String owner, String fileKey) {
        this.providerId = providerId;
        this.target = target;
        this.key = key;
        this.size = size;
        this.mtime = mtime;
        this.md5 = md5;
        this.state = state;
        this.attempts = attempts;
        this.lastError = lastError;
        this.resumeToken = resumeToken;
        this.stream = stream;
        this.finishedAt = finishedAt;
        this.owner = owner;
        this.fileKey = fileKey;
    }

    /** A new record for bytes just written. */
    public static Marker pending(FileFingerprint fp, String stream, long finishedAt) {
        return new Marker(null, null, null, fp.size(), fp.modifiedMillis(), null, State.PENDING, 0, null, null,
                stream, finishedAt);
    }

    /** What an empty marker of the original module means: upload from the start, nothing known. */
    static Marker legacyEmpty(long finishedAt) {
        return new Marker(null, null, null, -1, -1, null, State.PENDING, 0, null, null, null, finishedAt);
    }

    /** A marker of the original module holding the SDK's PersistableUpload JSON. */
    static Marker legacyResume(String key, String sdkJson, long finishedAt) {
        return new Marker(null, null, key, -1, -1, null, State.UPLOADING, 0, null, sdkJson, null, finishedAt);
    }

    public String providerId() {
        return providerId;
    }

    /** The fingerprint of the target the key and token were made for. */
    public String target() {
        return target;
    }

    public String key() {
        return key;
    }

    public long size() {
        return size;
    }

    public long mtime() {
        return mtime;
    }

    /** True when the record describes exactly these bytes. */
    public boolean describes(FileFingerprint fp) {
        return size == fp.size() && mtime == fp.modifiedMillis();
    }

    public String md5() {
        return md5;
    }

    public State state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public String resumeToken() {
        return resumeToken;
    }

    public String stream() {
        return stream;
    }

    /** The owning engine's {@link Owner} id, or null in markers written before owners were recorded. */
    public String owner() {
        return owner;
    }

    /** The recorded file's identity on its file system (see {@link LocalFile#key}), or null. */
    public String fileKey() {
        return fileKey;
    }

    /** The same record, owned by {@code newOwner}. */
    public Marker withOwner(String newOwner) {
        return new Marker(providerId, target, key, size, mtime, md5, state, attempts, lastError, resumeToken,
                stream, finishedAt, newOwner, fileKey);
    }

    /** The same record with the recorded file's identity (null when the file system gives none). */
    public Marker withFileKey(String newFileKey) {
        return new Marker(providerId, target, key, size, mtime, md5, state, attempts, lastError, resumeToken,
                stream, finishedAt, owner, newFileKey);
    }

    /** A record for a recording whose bytes could not be read when it was reported: the job looks at them. */
    static Marker unread(String stream, long finishedAt) {
        return new Marker(null, null, null, -1, -1, null, State.PENDING, 0, null, null, stream, finishedAt);
    }

    /** When the recording was reported finished (epoch millis); orders recovery. */
    public long finishedAt() {
        return finishedAt;
    }

    /** The same record for other bytes: md5 and resume token no longer apply. */
    public Marker forBytes(FileFingerprint fp) {
        return new Marker(providerId, target, key, fp.size(), fp.modifiedMillis(), null, State.PENDING, attempts,
                lastError, null, stream, finishedAt, owner, fileKey);
    }

    public Marker withStream(String newStream) {
        return new Marker(providerId, target, key, size, mtime, md5, state, attempts, lastError, resumeToken,
                newStream, finishedAt, owner, fileKey);
    }

    public Marker withMd5(String newMd5) {
        return new Marker(providerId, target, key, size, mtime, newMd5, state, attempts, lastError, resumeToken,
                stream, finishedAt, owner, fileKey);
    }

    /** The key chosen for a target; a key chosen for another target is replaced. */
    public Marker withKey(String newKey, String newProviderId, String newTarget) {
        return new Marker(newProviderId, newTarget, newKey, size, mtime, md5, state, attempts, lastError, resumeToken,
                stream, finishedAt, owner, fileKey);
    }

    public Marker withToken(String token) {
        return new Marker(providerId, target, key, size, mtime, md5, token == null ? state : State.UPLOADING,
                attempts, lastError, token, stream, finishedAt, owner, fileKey);
    }

    public Marker withState(State newState) {
        return new Marker(providerId, target, key, size, mtime, md5, newState, attempts, lastError, resumeToken,
                stream, finishedAt, owner, fileKey);
    }

    /** One more failed attempt, with its reason. */
    public Marker failed(State newState, String error) {
        return new Marker(providerId, target, key, size, mtime, md5, newState, attempts + 1, error, resumeToken,
                stream, finishedAt, owner, fileKey);
    }

    /** Back to a fresh start (an operator's retry, or a new start of the application). */
    public Marker retried() {
        return new Marker(providerId, target, key, size, mtime, md5, State.PENDING, 0, lastError, resumeToken,
                stream, finishedAt, owner, fileKey);
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formatVersion", (long) FORMAT_VERSION);
        m.put("providerId", providerId);
        m.put("target", target);
        m.put("key", key);
        m.put("size", size);
        m.put("mtime", mtime);
        m.put("md5", md5);
        m.put("state", state.name());
        m.put("attempts", (long) attempts);
        m.put("lastError", lastError);
        m.put("resumeToken", resumeToken);
        m.put("stream", stream);
        m.put("finishedAt", finishedAt);
        if (owner != null) {
            m.put("owner", owner);
        }
        if (fileKey != null) {
            m.put("fileKey", fileKey);
        }
        return Json.write(m);
    }

    /** Reads our own format; throws IllegalArgumentException when the text is not one. */
    static Marker fromJson(Map<String, Object> m) {
        Object v = m.get("formatVersion");
        if (!(v instanceof Long) || (Long) v < 1 || (Long) v > FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown marker formatVersion " + v);
        }
        String stateName = str(m, "state");
        State state;
        try {
            state = State.valueOf(stateName);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown marker state " + stateName);
        }
        return new Marker(str(m, "providerId"), str(m, "target"), str(m, "key"), num(m, "size"), num(m, "mtime"),
                str(m, "md5"), state, (int) num(m, "attempts"), str(m, "lastError"), str(m, "resumeToken"),
                str(m, "stream"), num(m, "finishedAt"), str(m, "owner"), str(m, "fileKey"));
    }

    private static String str(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("marker member '" + name + "' is not text");
        }
        return (String) v;
    }

    private static long num(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof Long)) {
            throw new IllegalArgumentException("marker member '" + name + "' is not an integer");
        }
        return (Long) v;
    }

    @Override
    public String toString() {
        return "Marker{key=" + key + ", state=" + state + ", size=" + size + ", attempts=" + attempts
                + (owner != null ? ", owner=" + owner : "") + "}";
    }
}
