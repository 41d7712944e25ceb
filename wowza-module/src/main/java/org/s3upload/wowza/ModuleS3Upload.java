package org.s3upload.wowza;

import com.wowza.wms.application.IApplication;
import com.wowza.wms.application.IApplicationInstance;
import com.wowza.wms.application.WMSProperties;
import com.wowza.wms.logging.WMSLoggerFactory;
import com.wowza.wms.module.ModuleBase;
import com.wowza.wms.stream.IMediaStream;
import com.wowza.wms.stream.IMediaWriterActionNotify;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.s3upload.api.ProviderDiscovery;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;
import org.s3upload.wowza.engine.EngineSettings;
import org.s3upload.wowza.engine.EngineSnapshot;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.engine.UploadEngine;
import org.s3upload.wowza.engine.UploadLog;
import org.s3upload.wowza.jmx.JmxRegistration;

/**
 * The Wowza module: uploads every recording the application finishes to the configured
 * {@link UploadTarget}. Add it to an application's {@code <Modules>}; Wowza calls
 * {@link #onAppStart} and {@link #onAppStop} (found by reflection).
 *
 * <p>Nothing here blocks Wowza: the start only reads configuration and builds the target (no
 * network I/O), and recordings are handed to the engine's own threads.
 */
public class ModuleS3Upload extends ModuleBase {
    /** How long onAppStop waits for a target that is still being created. */
    private static final long START_JOIN_MILLIS = 15_000;

    private final Object lifecycle = new Object();
    private volatile UploadEngine engine;
    /**
     * After onAppStop: a stopped engine that still journals. Wowza may close a recording (and report
     * it finished) while or after the application stops; its marker makes the next start upload it.
     */
    private volatile UploadEngine afterStop;
    /** The instance whose writer listener is this module's (added once per instance). */
    private IApplicationInstance listeningTo;
    private volatile UploadLog log;
    private Thread starter;
    private boolean stopped;
    private final RecordingListener listener = new RecordingListener();
    /** This instance's JMX bean from start to stop; null when it could not be registered. Guarded by lifecycle. */
    private JmxRegistration jmx;
    /** The configured secrets, masked in every text JMX shows. */
    private volatile SecretMask mask = SecretMask.NONE;
    /**
     * An operator paused uploads (JMX): also applies to the engine that takes over from the starting
     * one. Guarded by pauseLock, which is taken before lifecycle, never after.
     */
    private boolean pauseRequested;
    /** A bandwidth cap an operator set at run time (JMX), for the engine that takes over too; -1: none set. */
    private long capRequested = -1;
    private final Object pauseLock = new Object();

    public void onAppStart(IApplicationInstance instance) {
        afterStop = null;
        String context = instance.getContextStr();
        ModuleSettings settings = new ModuleSettings(copy(instance.getProperties()));
        UploadLog out = new WowzaLog(WMSLoggerFactory.getLoggerObj(instance), context, settings.debugLog());
        this.log = out;
        this.mask = SecretMask.of(settings.secretValues(null));
        synchronized (pauseLock) {
            pauseRequested = false; // a start resumes uploading
            capRequested = -1; // and applies s3UploadMaxBytesPerSecond again
        }
        synchronized (lifecycle) {
            stopped = false;
        }
        try {
            begin(instance, settings, out, context);
        } catch (RuntimeException | LinkageError e) {
            out.error("could not start (" + e + "); recordings are journalled and uploaded once this is fixed", e);
            this.engine = UploadEngine.journalOnly(fallbackConfig(instance), "the module could not start (" + e + ")", out);
        }
        registerJmx(instance, out);
        synchronized (lifecycle) {
            if (listeningTo == instance) {
                return;
            }
            listeningTo = instance;
        }
        instance.addMediaWriterListener(listener);
    }

    /**
     * Stops the engine within s3UploadShutdownTimeout. The writer listener stays registered: a
     * recording Wowza finishes while or after the application stops is still journalled (its marker
     * written durably) and uploaded at the next start.
     */
    public void onAppStop(IApplicationInstance instance) {
        Thread t;
        JmxRegistration bean;
        synchronized (lifecycle) {
            stopped = true;
            t = starter;
            bean = jmx;
            jmx = null;
        }
        if (bean != null) {
            bean.unregister(log != null ? log : new WowzaLog(WMSLoggerFactory.getLoggerObj(instance), instance.getContextStr(), false));
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(START_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        UploadEngine e;
        synchronized (lifecycle) {
            e = engine;
        }
        if (e == null) {
            e = UploadEngine.journalOnly(fallbackConfig(instance), "the module was not running", log != null ? log : new WowzaLog(WMSLoggerFactory.getLoggerObj(instance),
                    instance.getContextStr(), false));
        }
        // Reports during the close reach the closing engine, which journals them; later ones the closed one.
        afterStop = e;
        synchronized (lifecycle) {
            engine = null;
        }
        e.close();
    }

    /** What the module is doing now, for monitoring code (null before start). */
    public EngineStatus status() {
        UploadEngine e = engine;
        return e == null ? null : e.status();
    }

    /** Retries every recording that failed permanently, once an operator fixed the cause. */
    public void retryFailed() {
        UploadEngine e = engine;
        if (e != null) {
            e.retryFailed();
        }
    }

    /** Every recording the module holds, with the counts of the same instant (null before start). Unmasked. */
    public EngineSnapshot snapshot() {
        UploadEngine e = engine;
        return e == null ? null : e.snapshot();
    }

    /** Retries one recording by name or path now; see {@link UploadEngine#retry}. */
    public String retry(String nameOrPath) {
        UploadEngine e = engine;
        if (e == null) {
            throw new IllegalStateException("the application is not running; recordings are retried at its next start");
        }
        return e.retry(nameOrPath);
    }

    /**
     * Pauses uploading until {@link #resumeUploads()} or the next application start; see
     * {@link UploadEngine#pause()}. Recordings are still journalled meanwhile.
     */
    public void pauseUploads() {
        synchronized (pauseLock) {
            pauseRequested = true;
            UploadEngine e = engine;
            if (e != null) {
                e.pause();
            }
        }
    }

    public void resumeUploads() {
        synchronized (pauseLock) {
            pauseRequested = false;
            UploadEngine e = engine;
            if (e != null) {
                e.resume();
            }
        }
    }

    /**
     * Caps the bytes per second all uploads of this application instance send together, until the
     * next start (then s3UploadMaxBytesPerSecond applies again); 0 removes the cap.
     *
     * @throws IllegalArgumentException when negative, naming the fix
     */
    public void setMaxBytesPerSecond(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a bandwidth cap cannot be negative (" + bytesPerSecond
                    + " bytes per second): give a positive rate, or 0 for no cap");
        }
        synchronized (pauseLock) {
            capRequested = bytesPerSecond;
            UploadEngine e = engine;
            if (e != null) {
                e.setMaxBytesPerSecond(bytesPerSecond);
            }
        }
    }

    /** The bandwidth cap in force, bytes per second; 0 for none (or while not running). */
    public long maxBytesPerSecond() {
        UploadEngine e = engine;
        return e == null ? 0 : e.maxBytesPerSecond();
    }

    /** Registers this instance's JMX bean (after its engine exists); a failure is a WARN, never a failed start. */
    private void registerJmx(IApplicationInstance instance, UploadLog out) {
        JmxRegistration old;
        synchronized (lifecycle) {
            old = jmx;
            jmx = null;
        }
        if (old != null) {
            old.unregister(out); // started again without a stop: the same name is registered anew
        }
        IApplication app = instance.getApplication();
        JmxRegistration now = JmxRegistration.register(vhostName(instance), app == null ? "" : app.getName(),
                instance.getName(), new InstanceControls(this, text -> mask.apply(text)), out);
        synchronized (lifecycle) {
            jmx = now;
        }
    }

    /**
     * Reads the configuration here (no I/O), then creates the target on a thread of its own: a
     * provider may contact its storage while it is created (the s3 provider's checkBucket), and
     * Wowza's thread must not wait for that. Until then recordings are journalled and handed over.
     */
    private void begin(IApplicationInstance instance, ModuleSettings settings, UploadLog out, String context) {
        List<Path> roots = storageRoots(instance);
        IApplication app = instance.getApplication();
        String appName = app == null ? "" : app.getName();
        int touch = instance.getApplicationInstanceTouchTimeout();
        EngineSettings.Builder builder = settings.engine(roots, appName, instance.getName(), touch > 1 ? touch / 2 : 0)
                .vhost(vhostName(instance));
        String prefix = decodedPrefix(instance);
        if (prefix != null) {
            builder.keyPrefix(prefix);
        }
        for (String note : settings.notes()) {
            out.info(note);
        }
        for (String warning : settings.warnings()) {
            out.warn(warning);
        }
        List<String> problems = new ArrayList<>(settings.problems());
        builder.listeners(CompletionListeners.load(settings, ModuleS3Upload.class.getClassLoader(), problems));
        EngineSettings config = null;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            unusable(settings, null, problems, config != null ? config
                    : fallbackConfig(instance), out);
            return;
        }
        final EngineSettings ready = config;
        final UploadEngine starting = UploadEngine.starting(ready, out);
        Thread t = new Thread(() -> createTarget(instance, settings, ready, starting, out), "s3upload-" + context + "-start");
        t.setDaemon(true);
        synchronized (lifecycle) {
            engine = starting;
            starter = t;
        }
        t.start();
    }

    private void createTarget(IApplicationInstance instance, ModuleSettings settings, EngineSettings config,
                              UploadEngine starting, UploadLog out) {
        UploadTargetProvider provider = null;
        UploadTarget target = null;
        long wait = config.backoff().ceiling(1);
        for (int attempt = 1; target == null; attempt++) {
            try {
                provider = chooseProvider(settings);
                mask = SecretMask.of(settings.secretValues(provider));
                target = UploadTargets.create(provider, settings.providerConfig(provider.id()));
            } catch (UploadException | RuntimeException | LinkageError e) {
                if (isStopped()) {
                    break;
                }
                boolean retryable = e instanceof UploadException && ((UploadException) e).isRetryable();
                if (retryable) {
                    // e.g. the storage is unreachable while the provider checks it: try again, keep journalling
                    out.warn("cannot create the upload target yet (" + e.getMessage() + "); retrying in "
                            + (wait + 999) / 1000 + " s; recordings are journalled meanwhile");
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException stop) {
                        break;
                    }
                    wait = config.backoff().ceiling(attempt + 1);
                    continue;
                }
                List<String> problems = new ArrayList<>();
                problems.add(e instanceof UploadException ? e.getMessage() : e.toString());
                UploadEngine broken = unusable(settings, provider, problems, config, out);
                synchronized (lifecycle) {
                    if (engine == starting) {
                        engine = broken;
                    }
                }
                break;
            }
        }
        if (target == null) {
            synchronized (lifecycle) {
                starter = null;
            }
            return;
        }
        out.info("started: provider '" + provider.id() + "' -> " + target.fingerprint() + "; storage " + config.roots()
                + "; key prefix '" + config.keys().prefix() + "'; settings: " + settings.summary(provider));
        for (String warning : PlainHttpCheck.warnings(provider.id(), settings.providerConfig(provider.id()))) {
            out.warn(warning);
        }
        if (!config.listeners().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (org.s3upload.spi.notify.CompletionListener l : config.listeners()) {
                names.add(l instanceof org.s3upload.wowza.notify.WebhookListener
                        ? "webhook " + ((org.s3upload.wowza.notify.WebhookListener) l).shownUrl() : l.name());
            }
            out.info("completion notifications go to " + names + " (at least once, in order)");
        }
        UploadEngine real = UploadEngine.start(config, target, out, instance::touch);
        boolean keep;
        synchronized (pauseLock) {
            if (pauseRequested) {
                real.pause(); // paused while the target was created: before the hand-over queues anything
            }
            if (capRequested >= 0) {
                real.setMaxBytesPerSecond(capRequested);
            }
            synchronized (lifecycle) {
                keep = !stopped && engine == starting;
                if (keep) {
                    engine = real;
                }
                starter = null;
            }
        }
        if (keep) {
            starting.handOverTo(real);
        } else {
            real.close();
        }
    }

    private boolean isStopped() {
        synchronized (lifecycle) {
            return stopped;
        }
    }

    /** One ERROR naming every problem; recordings are journalled until a restart with a fixed configuration. */
    private UploadEngine unusable(ModuleSettings settings, UploadTargetProvider provider, List<String> problems,
                                  EngineSettings config, UploadLog out) {
        String why = String.join("; ", problems);
        out.error("configuration is not usable: " + why + ". Recordings are journalled (marker files) and uploaded"
                + " once the configuration is fixed and the application restarted. Settings: "
                + settings.summary(provider), null);
        UploadEngine broken = UploadEngine.journalOnly(config, "the configuration is not usable (" + why + ")", out);
        synchronized (lifecycle) {
            if (engine == null) {
                engine = broken;
            }
        }
        return broken;
    }

    private static UploadTargetProvider chooseProvider(ModuleSettings settings) throws UploadException {
        ProviderDiscovery found = UploadTargets.discover(ModuleS3Upload.class.getClassLoader());
        String id = ProviderConfiguration.idToSelect(settings, found.providers().keySet());
        try {
            return UploadTargets.select(found, id);
        } catch (UploadException e) {
            throw UploadException.permanent(e.getMessage() + " (the module reads the provider id from "
                    + ModuleSettings.TARGET + ")", e);
        }
    }

    /** The configuration of an engine that only journals, with this instance's owner. */
    private static EngineSettings fallbackConfig(IApplicationInstance instance) {
        IApplication app = instance.getApplication();
        return EngineSettings.builder(storageRoots(instance).get(0)).names(app == null ? "" : app.getName(), instance.getName())
                .vhost(vhostName(instance)).build();
    }

    /** The virtual host's name, part of the owner recorded in markers ("" if Wowza cannot tell). */
    private static String vhostName(IApplicationInstance instance) {
        try {
            return instance.getVHost() == null ? "" : instance.getVHost().getName();
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }

    /** The prefix with Wowza's ${...} variables decoded, as the original module did (null if unset). */
    private static String decodedPrefix(IApplicationInstance instance) {
        Object raw = instance.getProperties() == null ? null : instance.getProperties().get(ModuleProperties.FILE_PREFIX.name());
        if (raw == null || raw.toString().trim().isEmpty()) {
            return null;
        }
        String s = raw.toString().trim();
        return s.contains("${") ? instance.decodeStorageDir(s) : s;
    }

    /** The recorder's output path (where keys are relative to), then the application's storage dir. */
    static List<Path> storageRoots(IApplicationInstance instance) {
        List<Path> roots = new ArrayList<>();
        WMSProperties recorder = instance.getStreamRecorderProperties();
        String out = recorder == null ? null : recorder.getPropertyStr(ModuleProperties.STREAM_RECORDER_OUTPUT_PATH.name(), null);
        if (out != null && !out.trim().isEmpty()) {
            roots.add(Paths.get(instance.decodeStorageDir(out.trim())).toAbsolutePath().normalize());
        }
        String storage = instance.getStreamStorageDir();
        if (storage != null && !storage.trim().isEmpty()) {
            Path p = Paths.get(instance.decodeStorageDir(storage.trim())).toAbsolutePath().normalize();
            if (!roots.contains(p)) {
                roots.add(p);
            }
        }
        if (roots.isEmpty()) {
            roots.add(Paths.get("content").toAbsolutePath());
        }
        return roots;
    }

    private static Map<String, Object> copy(WMSProperties props) {
        Map<String, Object> m = new HashMap<>();
        if (props != null) {
            synchronized (props) {
                for (Map.Entry<String, Object> e : props.entrySet()) {
                    m.put(e.getKey(), e.getValue());
                }
            }
        }
        return m;
    }

    /** Wowza's notification that a recording is complete; hands it over and returns. */
    private final class RecordingListener implements IMediaWriterActionNotify {
        @Override
        public void onWriteComplete(IMediaStream stream, File file) {
            UploadEngine e = engine;
            if (e == null) {
                e = afterStop;
            }
            try {
                if (e == null) {
                    UploadLog l = log;
                    if (l != null) {
                        l.warn("recording " + file + " finished while the module is not running; it is picked up only"
                                + " if its marker exists");
                    }
                    return;
                }
                e.onRecordingFinished(file.toPath(), stream == null ? null : stream.getName());
            } catch (RuntimeException | LinkageError t) {
                UploadLog l = log;
                if (l != null) {
                    l.error("could not take recording " + file + " (" + t + ")", t);
                }
            }
        }

        @Override
        public void onFLVAddMetadata(IMediaStream stream, Map<String, Object> extraMetadata) {
            // Nothing to add: the module only acts on finished recordings.
        }
    }
}
