package org.s3upload.spi.notify;

import java.util.Objects;
import java.util.Optional;
import org.s3upload.api.Checksum;

/**
 * One thing that happened to one recording, as journalled by the module. Immutable. Optional
 * fields are empty where they do not apply: an {@link Type#UPLOADED} event has a key, a checksum
 * (unless the store keeps none it can show, as S3 under SSE-KMS) and no reason; a {@link Type#FAILED} event has a reason, and a key only if one was chosen.
 */
public final class CompletionEvent {
    /** What happened. */
    public enum Type {
        /** The recording's bytes are at {@link #key()} and were proven there (size and checksum). */
        UPLOADED,
        /**
         * The upload failed permanently (a rejected key, a denied bucket, ...). The recording is
         * kept with its marker and retried periodically, at the next start, or on request; a later
         * success is an {@link #UPLOADED} event of its own.
         */
        FAILED
    }

    private final String id;
    private final Type type;
    private final long time;
    private final String recording;
    private final String vhost;
    private final String application;
    private final String instance;
    private final String stream;
    private final String key;
    private final long size;
    private final Checksum checksum;
    private final String location;
    private final String reason;

    private CompletionEvent(Builder b) {
        this.id = require(b.id, "id");
        this.type = Objects.requireNonNull(b.type, "type is null");
        this.time = b.time;
        this.recording = require(b.recording, "recording");
        this.vhost = nz(b.vhost);
        this.application = nz(b.application);
        this.instance = nz(b.instance);
        this.stream = b.stream;
        this.key = b.key;
        this.size = b.size;
        this.checksum = b.checksum;
        this.location = b.location;
        this.reason = b.reason;
        if (type == Type.UPLOADED && (key == null || size < 0)) {
            throw new IllegalArgumentException("an UPLOADED event of " + recording + " needs a key and a size");
        }
        if (type == Type.FAILED && reason == null) {
            throw new IllegalArgumentException("a FAILED event of " + recording + " needs a reason");
        }
    }

    public static Builder builder(Type type) {
        return new Builder(type);
    }

    /**
     * The event's id, the same on every delivery of this event (and for the same recording's same
     * bytes proven at the same key again after a crash): use it to deduplicate.
     */
    public String id() {
        return id;
    }

    public Type type() {
        return type;
    }

    /** When the event was journalled, epoch milliseconds. */
    public long time() {
        return time;
    }

    /** The local recording's absolute path (the file may be deleted by now, if the module deletes originals). */
    public String recording() {
        return recording;
    }

    /** The Wowza virtual host ({@code _defaultVHost_} when Wowza names none). */
    public String vhost() {
        return vhost;
    }

    public String application() {
        return application;
    }

    public String instance() {
        return instance;
    }

    /** The stream the recording was made from, when Wowza named it. */
    public Optional<String> stream() {
        return Optional.ofNullable(stream);
    }

    /** The object key (relative to the target's root or prefix). */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The recording's size in bytes; -1 when not known (a failure before the file was read). */
    public long size() {
        return size;
    }

    /** The checksum the stored object was proven by, with its kind ({@link Checksum#kind()}). */
    public Optional<Checksum> checksum() {
        return Optional.ofNullable(checksum);
    }

    /**
     * Where the object is, as the target reports it (for example {@code s3://bucket/prefix/key} or a
     * {@code file:} URI); empty when the target cannot say.
     */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /** Why the upload failed (secret-free), for {@link Type#FAILED}. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CompletionEvent)) {
            return false;
        }
        CompletionEvent e = (CompletionEvent) o;
        return id.equals(e.id) && type == e.type && time == e.time && recording.equals(e.recording)
                && vhost.equals(e.vhost) && application.equals(e.application) && instance.equals(e.instance)
                && Objects.equals(stream, e.stream) && Objects.equals(key, e.key) && size == e.size
                && Objects.equals(checksum, e.checksum) && Objects.equals(location, e.location)
                && Objects.equals(reason, e.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, time, recording, key, size, checksum);
    }

    @Override
    public String toString() {
        return "CompletionEvent{" + type + " " + id + ", " + recording + (key != null ? " -> " + key : "") + "}";
    }

    private static String require(String v, String what) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("a completion event needs a " + what);
        }
        return v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Builds a {@link CompletionEvent}; id, recording and (for the type) key/checksum or reason are required. */
    public static final class Builder {
        private final Type type;
        private String id;
        private long time;
        private String recording;
        private String vhost;
        private String application;
        private String instance;
        private String stream;
        private String key;
        private long size = -1;
        private Checksum checksum;
        private String location;
        private String reason;

        private Builder(Type type) {
            this.type = type;
        }

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder time(long epochMillis) {
            time = epochMillis;
            return this;
        }

        public Builder recording(String v) {
            recording = v;
            return this;
        }

        public Builder application(String vhostName, String applicationName, String instanceName) {
            vhost = vhostName;
            application = applicationName;
            instance = instanceName;
            return this;
        }

        public Builder stream(String v) {
            stream = v;
            return this;
        }

        public Builder key(String v) {
            key = v;
            return this;
        }

        public Builder size(long v) {
            size = v;
            return this;
        }

        public Builder checksum(Checksum v) {
            checksum = v;
            return this;
        }

        public Builder location(String v) {
            location = v;
            return this;
        }

        public Builder reason(String v) {
            reason = v;
            return this;
        }

        public CompletionEvent build() {
            return new CompletionEvent(this);
        }
    }
}
