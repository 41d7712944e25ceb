package org.s3upload.wowza;

import com.wowza.wms.application.IApplicationInstance;
import com.wowza.wms.logging.WMSLoggerFactory;
import java.util.ArrayList;
import java.util.List;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.wowza.engine.EngineSettings;
import org.s3upload.wowza.engine.UploadEngine;
import org.s3upload.wowza.engine.UploadLog;
import org.s3upload.wowza.jmx.JmxRegistration;
import org.s3upload.wowza.jmx.UploadControls;

/**
 * The module's part of an application instance's life: what onAppStart and onAppStop do, and which
 * engine takes the recordings meanwhile and after:
 * <ul>
 * <li>before the first start, none;</li>
 * <li>from a start, a starting engine that journals recordings and holds them while a
 * {@link TargetStartup} thread creates the target, and then hands them over to the engine that
 * uploads; or, when the configuration is not usable (one ERROR names every problem) or the start
 * failed, an engine that only journals, until a restart with a fixed configuration;</li>
 * <li>from a stop, the stopped engine, which still journals: Wowza may close a recording (and report
 * it finished) while or after the application stops; its marker makes the next start upload it.</li>
 * </ul>
 * What operators ask for at run time, which must outlive the starting engine, is {@link OperatorRequests}'.
 */
final class ModuleLifecycle {
    /** How long onAppStop waits for a target that is still being created. */
    private static final long START_JOIN_MILLIS = 15_000;

    /** Which of Wowza's two calls came last. */
    private enum Phase {
        /** onAppStart: the engine journals, waits for its target, or uploads. */
        STARTED,
        /** onAppStop, or not started yet: a start-up thread that is still running gives up. */
        STOPPED
    }

    private final Object lock = new Object();
    private final OperatorRequests controls = new OperatorRequests(this::engine);
    private volatile UploadEngine engine;
    /** After onAppStop: the stopped engine that still journals (see the class comment). */
    private volatile UploadEngine afterStop;
    private volatile UploadLog log;
    /** The configured secrets, masked in every text JMX shows. */
    private volatile SecretMask mask = SecretMask.NONE;
    /** Guarded by lock. */
    private Phase phase = Phase.STOPPED;
    /** The thread creating the target, while it runs. Guarded by lock. */
    private Thread starter;
    /** This instance's JMX bean from start to stop; null when it could not be registered. Guarded by lock. */
    private JmxRegistration jmx;
    /** The instance whose writer listener is the module's (added once per instance). Guarded by lock. */
    private IApplicationInstance listeningTo;

    /** What onAppStart does, but for adding the writer listener (see {@link #firstStartOf}). */
    void start(IApplicationInstance instance, UploadControls jmxControls) {
        afterStop = null;
        String context = instance.getContextStr();
        ModuleSettings settings = new ModuleSettings(WowzaContext.properties(instance));
        UploadLog out = new WowzaLog(WMSLoggerFactory.getLoggerObj(instance), context, settings.debugLog());
        this.log = out;
        this.mask = SecretMask.of(settings.secretValues(null));
        controls.reset(); // a start resumes uploading and applies s3UploadMaxBytesPerSecond again
        synchronized (lock) {
            phase = Phase.STARTED;
        }
        try {
            begin(instance, settings, out, context);
        } catch (RuntimeException | LinkageError e) {
            out.error("could not start (" + e + "); recordings are journalled and uploaded once this is fixed", e);
            this.engine = UploadEngine.journalOnly(WowzaContext.fallbackConfig(instance), "the module could not start (" + e + ")", out);
        }
        registerJmx(instance, jmxControls, out);
    }

    /** True the first time {@code instance} starts: then the module adds its writer listener to it. */
    boolean firstStartOf(IApplicationInstance instance) {
        synchronized (lock) {
            if (listeningTo == instance) {
                return false;
            }
            listeningTo = instance;
            return true;
        }
    }

    /**
     * Reads the configuration here (no I/O), then creates the target on a thread of its own: a
     * provider may contact its storage while it is created (the s3 provider's checkBucket), and
     * Wowza's thread must not wait for that. Until then recordings are journalled and handed over.
     */
    private void begin(IApplicationInstance instance, ModuleSettings settings, UploadLog out, String context) {
        EngineSettings.Builder builder = WowzaContext.engineSettings(instance, settings);
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
            unusable(settings, null, problems, config != null ? config : WowzaContext.fallbackConfig(instance), out);
            return;
        }
        UploadEngine starting = UploadEngine.starting(config, out);
        Thread t = new Thread(new TargetStartup(this, instance, settings, config, starting, out), "s3upload-" + context + "-start");
        t.setDaemon(true);
        synchronized (lock) {
            engine = starting;
            starter = t;
        }
        t.start();
    }

    /** Registers this instance's JMX bean (after its engine exists); a failure is a WARN, never a failed start. */
    private void registerJmx(IApplicationInstance instance, UploadControls jmxControls, UploadLog out) {
        JmxRegistration old;
        synchronized (lock) {
            old = jmx;
            jmx = null;
        }
        if (old != null) {
            old.unregister(out); // started again without a stop: the same name is registered anew
        }
        JmxRegistration now = JmxRegistration.register(WowzaContext.vhostName(instance), WowzaContext.applicationName(instance),
                instance.getName(), jmxControls, out);
        synchronized (lock) {
            jmx = now;
        }
    }

    /**
     * What onAppStop does: stops the engine within s3UploadShutdownTimeout, after giving a start-up
     * thread that still runs up to START_JOIN_MILLIS to give up.
     */
    void stop(IApplicationInstance instance) {
        Thread t;
        JmxRegistration bean;
        synchronized (lock) {
            phase = Phase.STOPPED;
            t = starter;
            bean = jmx;
            jmx = null;
        }
        if (bean != null) {
            bean.unregister(logOf(instance));
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
        synchronized (lock) {
            e = engine;
        }
        if (e == null) {
            e = UploadEngine.journalOnly(WowzaContext.fallbackConfig(instance), "the module was not running", logOf(instance));
        }
        // Reports during the close reach the closing engine, which journals them; later ones the closed one.
        afterStop = e;
        synchronized (lock) {
            engine = null;
        }
        e.close();
    }

    /** The engine of a running application; null before the start and from the stop on. */
    UploadEngine engine() {
        return engine;
    }

    /** The engine that journals a finished recording: the running one, else the stopped one; null before any start. */
    UploadEngine engineForRecordings() {
        UploadEngine e = engine;
        return e != null ? e : afterStop;
    }

    /** The log of the last start; null before it. */
    UploadLog log() {
        return log;
    }

    OperatorRequests controls() {
        return controls;
    }

    /** {@code text} with every configured secret masked. */
    String mask(String text) {
        return mask.apply(text);
    }

    /** Once the provider is known, its secret keys are masked too. */
    void useMask(SecretMask secrets) {
        this.mask = secrets;
    }

    /**
     * Whether the start that made {@code starting} is over: a stop came, or a stop and a newer start.
     * A start-up thread can outlive its stop (the stop waits START_JOIN_MILLIS for it; a provider
     * blocked in the network takes longer); asking only "stopped?" let it go on after the next
     * start, create a second target and start an engine whose recovery claimed recordings.
     */
    boolean superseded(UploadEngine starting) {
        synchronized (lock) {
            return phase == Phase.STOPPED || engine != starting;
        }
    }

    /**
     * Makes {@code running} the engine, unless the application stopped or started again meanwhile.
     *
     * @return whether it is the engine now; if not, the caller closes it
     */
    boolean handOver(UploadEngine starting, UploadEngine running) {
        synchronized (lock) {
            boolean keep = phase != Phase.STOPPED && engine == starting;
            if (keep) {
                engine = running;
            }
            forgetStarterLocked();
            return keep;
        }
    }

    /** The target cannot be made: {@code broken} journals instead of {@code starting}, if that is still the engine. */
    void replaceStarting(UploadEngine starting, UploadEngine broken) {
        synchronized (lock) {
            if (engine == starting) {
                engine = broken;
            }
        }
    }

    /** The start-up thread ends without a target. */
    void starterEnded() {
        synchronized (lock) {
            forgetStarterLocked();
        }
    }

    /** The calling start-up thread is done; a newer start's thread stays known, for its stop to wait for. */
    private void forgetStarterLocked() {
        if (starter == Thread.currentThread()) {
            starter = null;
        }
    }

    /** One ERROR naming every problem; recordings are journalled until a restart with a fixed configuration. */
    UploadEngine unusable(ModuleSettings settings, UploadTargetProvider provider, List<String> problems,
                          EngineSettings config, UploadLog out) {
        String why = String.join("; ", problems);
        out.error("configuration is not usable: " + why + ". Recordings are journalled (marker files) and uploaded"
                + " once the configuration is fixed and the application restarted. Settings: "
                + settings.summary(provider), null);
        UploadEngine broken = UploadEngine.journalOnly(config, "the configuration is not usable (" + why + ")", out);
        synchronized (lock) {
            if (engine == null) {
                engine = broken;
            }
        }
        return broken;
    }

    private UploadLog logOf(IApplicationInstance instance) {
        UploadLog l = log;
        return l != null ? l : new WowzaLog(WMSLoggerFactory.getLoggerObj(instance), instance.getContextStr(), false);
    }
}
