package org.s3upload.wowza.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.s3upload.spi.notify.CompletionListener;

/** Everything the engine is told by its host. Immutable; build with {@link #builder(Path)}. */
public final class EngineSettings {
    private final List<Path> roots;
    private final KeyMaker keys;
    private final boolean versionFile;
    private final boolean deleteOriginal;
    private final long delayMillis;
    private final boolean resumeUploads;
    private final boolean restartFailedUploads;
    private final Backoff backoff;
    private final int maxConcurrentUploads;
    private final long statusIntervalMillis;
    private final long keepAliveIntervalMillis;
    private final long shutdownTimeoutMillis;
    private final RecordingFilter filter;
    private final String name;
    private final Owner owner;
    private final long failedRetryIntervalMillis;
    private final long rescanIntervalMillis;
    private final List<CompletionListener> listeners;
    private final String vhost;
    private final String application;
    private final String instance;
    private final long maxBytesPerSecond;

    private EngineSettings(Builder b) {
        this.roots = Collections.unmodifiableList(new ArrayList<>(b.roots));
        this.keys = new KeyMaker(b.keyPrefix, b.keyTemplate, b.roots, b.versionFile && b.stripRecorderVersioning,
                b.app, b.appInstance);
        this.versionFile = b.versionFile;
        this.deleteOriginal = b.deleteOriginal;
        this.delayMillis = Math.max(0, b.delayMillis);
        this.resumeUploads = b.resumeUploads;
        this.restartFailedUploads = b.restartFailedUploads;
        this.backoff = new Backoff(b.retryInitialMillis, b.retryMaxMillis);
        if (b.maxConcurrentUploads < 1) {
            throw new IllegalArgumentException("the number of recordings uploaded at once must be at least 1, not "
                    + b.maxConcurrentUploads);
        }
        this.maxConcurrentUploads = b.maxConcurrentUploads;
        this.statusIntervalMillis = b.statusIntervalMillis;
        this.keepAliveIntervalMillis = b.keepAliveIntervalMillis;
        this.shutdownTimeoutMillis = Math.max(0, b.shutdownTimeoutMillis);
        this.filter = b.filter;
        this.name = b.name;
        this.owner = new Owner(b.vhost, b.app, b.appInstance);
        this.failedRetryIntervalMillis = Math.max(0, b.failedRetryIntervalMillis);
        this.rescanIntervalMillis = Math.max(0, b.rescanIntervalMillis);
        if (b.maxBytesPerSecond < 0) {
            throw new IllegalArgumentException("the bandwidth cap cannot be negative (" + b.maxBytesPerSecond
                    + " bytes per second): give a positive rate, or 0 for no cap");
        }
        this.maxBytesPerSecond = b.maxBytesPerSecond;
        this.listeners = Collections.unmodifiableList(new ArrayList<>(b.listeners));
        this.vhost = b.vhost.isEmpty() ? "_defaultVHost_" : b.vhost;
        this.application = b.app;
        this.instance = b.appInstance;
    }

    /** Who hears about completed and permanently failed recordings (empty: nobody, and nothing is journalled for it). */
    public List<CompletionListener> listeners() {
        return listeners;
    }

    /** The virtual host's name as notifications report it. */
    String vhost() {
        return vhost;
    }

    String application() {
        return application;
    }

    String instance() {
        return instance;
    }

    /** {@code storageDir} is where recordings are written and keys are made relative to. */
    public static Builder builder(Path storageDir) {
        return new Builder(storageDir);
    }

    /** The directories searched for markers at start, first the one keys are relative to. */
    public List<Path> roots() {
        return roots;
    }

    public KeyMaker keys() {
        return keys;
    }

    public boolean versionFile() {
        return versionFile;
    }

    public boolean deleteOriginal() {
        return deleteOriginal;
    }

    public long delayMillis() {
        return delayMillis;
    }

    public boolean resumeUploads() {
        return resumeUploads;
    }

    public boolean restartFailedUploads() {
        return restartFailedUploads;
    }

    public Backoff backoff() {
        return backoff;
    }

    public int maxConcurrentUploads() {
        return maxConcurrentUploads;
    }

    public long statusIntervalMillis() {
        return statusIntervalMillis;
    }

    public long keepAliveIntervalMillis() {
        return keepAliveIntervalMillis;
    }

    public long shutdownTimeoutMillis() {
        return shutdownTimeoutMillis;
    }

    public RecordingFilter filter() {
        return filter;
    }

    /** Names the engine's threads and log lines, e.g. {@code live/_definst_}. */
    public String name() {
        return name;
    }

    /** Whose markers this engine takes: its virtual host, application and instance. */
    Owner owner() {
        return owner;
    }

    /** How often recordings that failed permanently are tried again on their own; 0 never. */
    public long failedRetryIntervalMillis() {
        return failedRetryIntervalMillis;
    }

    /** How often the marker scan is repeated while a storage folder or marker folder cannot be seen; 0 never. */
    public long rescanIntervalMillis() {
        return rescanIntervalMillis;
    }

    /**
     * The cap on the bytes per second all uploads of this engine send together, at start; 0 for
     * none. Changed at run time with {@link UploadEngine#setMaxBytesPerSecond(long)}.
     */
    public long maxBytesPerSecond() {
        return maxBytesPerSecond;
    }

    /** Builder for {@link EngineSettings}; defaults are those documented for the module's properties. */
    public static final class Builder {
        private final List<Path> roots = new ArrayList<>();
        private String keyPrefix;
        private String keyTemplate;
        private boolean versionFile;
        private boolean stripRecorderVersioning = true;
        private boolean deleteOriginal;
        private long delayMillis;
        private boolean resumeUploads = true;
        private boolean restartFailedUploads = true;
        private long retryInitialMillis = 5_000;
        private long retryMaxMillis = 300_000;
        private int maxConcurrentUploads = 2;
        private long statusIntervalMillis = 300_000;
        private long keepAliveIntervalMillis;
        private long shutdownTimeoutMillis = 10_000;
        private RecordingFilter filter = RecordingFilter.ALL;
        private String app = "";
        private String appInstance = "";
        private String name = "s3upload";
        private String vhost = "";
        private final List<CompletionListener> listeners = new ArrayList<>();
        private long failedRetryIntervalMillis = 15 * 60_000L;
        private long rescanIntervalMillis = 60_000;
        private long maxBytesPerSecond;

        private Builder(Path storageDir) {
            roots.add(Objects.requireNonNull(storageDir, "storageDir is null").toAbsolutePath().normalize());
        }

        /** Another directory searched for markers at start (e.g. the recorder's output path). */
        public Builder alsoScan(Path dir) {
            Path p = dir.toAbsolutePath().normalize();
            if (!roots.contains(p)) {
                roots.add(p);
            }
            return this;
        }

        public Builder keyPrefix(String v) {
            keyPrefix = v;
            return this;
        }

        public Builder keyTemplate(String v) {
            keyTemplate = v;
            return this;
        }

        public Builder versionFile(boolean v) {
            versionFile = v;
            return this;
        }

        public Builder stripRecorderVersioning(boolean v) {
            stripRecorderVersioning = v;
            return this;
        }

        public Builder deleteOriginal(boolean v) {
            deleteOriginal = v;
            return this;
        }

        public Builder delayMillis(long v) {
            delayMillis = v;
            return this;
        }

        public Builder resumeUploads(boolean v) {
            resumeUploads = v;
            return this;
        }

        public Builder restartFailedUploads(boolean v) {
            restartFailedUploads = v;
            return this;
        }

        public Builder retry(long initialMillis, long maxMillis) {
            retryInitialMillis = initialMillis;
            retryMaxMillis = maxMillis;
            return this;
        }

        public Builder maxConcurrentUploads(int v) {
            maxConcurrentUploads = v;
            return this;
        }

        /** 0 turns the periodic status line off. */
        public Builder statusIntervalMillis(long v) {
            statusIntervalMillis = v;
            return this;
        }

        /** How often the host's keep-alive is called while work is pending; 0 never. */
        public Builder keepAliveIntervalMillis(long v) {
            keepAliveIntervalMillis = v;
            return this;
        }

        public Builder shutdownTimeoutMillis(long v) {
            shutdownTimeoutMillis = v;
            return this;
        }

        public Builder filter(RecordingFilter v) {
            filter = Objects.requireNonNull(v, "filter is null");
            return this;
        }

        public Builder names(String application, String instance) {
            app = application == null ? "" : application;
            appInstance = instance == null ? "" : instance;
            name = app + "/" + appInstance;
            return this;
        }

        /** The Wowza virtual host, recorded as part of each marker's owner. */
        public Builder vhost(String v) {
            vhost = v == null ? "" : v;
            return this;
        }

        /** How often permanently failed recordings are retried without a restart; 0 turns it off. */
        public Builder failedRetryIntervalMillis(long v) {
            failedRetryIntervalMillis = v;
            return this;
        }

        /** How often markers are looked for again while a folder cannot be seen; 0 never. */
        public Builder rescanIntervalMillis(long v) {
            rescanIntervalMillis = v;
            return this;
        }

        /** Listeners told of every completed or permanently failed recording, at least once. */
        public Builder listeners(List<CompletionListener> v) {
            listeners.clear();
            listeners.addAll(v);
            return this;
        }

        /** The bandwidth cap shared by all uploads of the engine, bytes per second; 0 (the default) for none. */
        public Builder maxBytesPerSecond(long v) {
            maxBytesPerSecond = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is wrong and how to fix it */
        public EngineSettings build() {
            return new EngineSettings(this);
        }
    }
}
