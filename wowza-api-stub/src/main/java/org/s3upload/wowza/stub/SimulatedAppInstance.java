package org.s3upload.wowza.stub;

import com.wowza.wms.application.IApplication;
import com.wowza.wms.application.IApplicationInstance;
import com.wowza.wms.application.WMSProperties;
import com.wowza.wms.stream.IMediaStream;
import com.wowza.wms.stream.IMediaWriterActionNotify;
import com.wowza.wms.vhost.IVHost;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application instance as Wowza presents it to a module: properties, a storage directory,
 * registered writer listeners, and a recorder thread of its own that fires
 * {@code onWriteComplete}, as Wowza does when a recording is closed. One simulation for the
 * module's tests, the reliability suite and the demo; like the rest of this module it never ships.
 */
public final class SimulatedAppInstance implements IApplicationInstance {
    private final String vhost;
    private final String appName;
    private final String name;
    private final Path storageDir;
    private final WMSProperties properties = new WMSProperties();
    private final WMSProperties recorderProperties = new WMSProperties();
    private final List<IMediaWriterActionNotify> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger touches = new AtomicInteger();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wowza-recorder");
        t.setDaemon(true);
        return t;
    });

    public SimulatedAppInstance(String appName, String name, Path storageDir) {
        this("_defaultVHost_", appName, name, storageDir);
    }

    /** An instance of {@code appName} on virtual host {@code vhost}. */
    public SimulatedAppInstance(String vhost, String appName, String name, Path storageDir) {
        this.vhost = vhost;
        this.appName = appName;
        this.name = name;
        this.storageDir = storageDir;
    }

    /** Fires onWriteComplete on the recorder thread, as Wowza does, and waits until every listener returned. */
    public void finishRecording(final Path file, String streamName) throws InterruptedException {
        final IMediaStream stream = new SimulatedStream(streamName, getContextStr() + "/" + streamName);
        Future<?> f = recorder.submit(() -> {
            for (IMediaWriterActionNotify l : listeners) {
                l.onWriteComplete(stream, file.toFile());
            }
        });
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a writer listener failed on " + file + ": " + e.getCause(), e.getCause());
        }
    }

    /** Stops the recorder thread. */
    public void shutdown() throws InterruptedException {
        recorder.shutdown();
        recorder.awaitTermination(5, TimeUnit.SECONDS);
    }

    public int listenerCount() {
        return listeners.size();
    }

    public int touches() {
        return touches.get();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getContextStr() {
        return appName + "/" + name;
    }

    @Override
    public IApplication getApplication() {
        return new IApplication() {
            @Override
            public String getName() {
                return appName;
            }

            @Override
            public WMSProperties getProperties() {
                return properties;
            }
        };
    }

    @Override
    public WMSProperties getProperties() {
        return properties;
    }

    @Override
    public WMSProperties getStreamRecorderProperties() {
        return recorderProperties;
    }

    @Override
    public IVHost getVHost() {
        return () -> vhost;
    }

    @Override
    public String getStreamStorageDir() {
        return storageDir.toString();
    }

    /** Wowza replaces ${com.wowza.wms.context.*} variables; the ones tests use are enough here. */
    @Override
    public String decodeStorageDir(String path) {
        return path.replace("${com.wowza.wms.context.Application}", appName)
                .replace("${com.wowza.wms.context.ApplicationInstance}", name);
    }

    @Override
    public int getApplicationInstanceTouchTimeout() {
        return 60_000;
    }

    @Override
    public void touch() {
        touches.incrementAndGet();
    }

    @Override
    public void addMediaWriterListener(IMediaWriterActionNotify listener) {
        listeners.add(listener);
    }

    @Override
    public void removeMediaWriterListener(IMediaWriterActionNotify listener) {
        listeners.remove(listener);
    }

    private static final class SimulatedStream implements IMediaStream {
        private final String name;
        private final String context;

        SimulatedStream(String name, String context) {
            this.name = name;
            this.context = context;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getContextStr() {
            return context;
        }
    }
}
