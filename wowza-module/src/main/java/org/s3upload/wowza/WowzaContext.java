package org.s3upload.wowza;

import com.wowza.wms.application.IApplication;
import com.wowza.wms.application.IApplicationInstance;
import com.wowza.wms.application.WMSProperties;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.s3upload.wowza.engine.EngineSettings;

/**
 * What the module reads from Wowza's application instance: its names, its storage folders, its key
 * prefix with Wowza's variables decoded, and a copy of its properties. No I/O, nothing kept.
 */
final class WowzaContext {
    private WowzaContext() {
    }

    /**
     * The engine settings of this instance from the module's {@code settings}: its storage folders,
     * owner names, touch period and decoded key prefix; the caller adds the listeners and builds.
     */
    static EngineSettings.Builder engineSettings(IApplicationInstance instance, ModuleSettings settings) {
        List<Path> roots = storageRoots(instance);
        String appName = applicationName(instance);
        int touch = instance.getApplicationInstanceTouchTimeout();
        EngineSettings.Builder builder = settings.engine(roots, appName, instance.getName(), touch > 1 ? touch / 2 : 0)
                .vhost(vhostName(instance));
        String prefix = decodedPrefix(instance);
        if (prefix != null) {
            builder.keyPrefix(prefix);
        }
        return builder;
    }

    /** The configuration of an engine that only journals, with this instance's owner. */
    static EngineSettings fallbackConfig(IApplicationInstance instance) {
        return EngineSettings.builder(storageRoots(instance).get(0)).names(applicationName(instance), instance.getName())
                .vhost(vhostName(instance)).build();
    }

    /** The application's name ("" if Wowza gives no application). */
    static String applicationName(IApplicationInstance instance) {
        IApplication app = instance.getApplication();
        return app == null ? "" : app.getName();
    }

    /** The virtual host's name, part of the owner recorded in markers ("" if Wowza cannot tell). */
    static String vhostName(IApplicationInstance instance) {
        try {
            return instance.getVHost() == null ? "" : instance.getVHost().getName();
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }

    /** The prefix with Wowza's ${...} variables decoded, as the original module did (null if unset). */
    static String decodedPrefix(IApplicationInstance instance) {
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

    /** A copy of the application's properties, read while holding their monitor. */
    static Map<String, Object> properties(IApplicationInstance instance) {
        WMSProperties props = instance.getProperties();
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
}
