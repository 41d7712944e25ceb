package org.s3upload.examples.demo;

import com.wowza.wms.application.IApplication;
import com.wowza.wms.application.IApplicationInstance;
import com.wowza.wms.application.WMSProperties;
import com.wowza.wms.stream.IMediaStream;
import com.wowza.wms.stream.IMediaWriterActionNotify;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An application instance as Wowza presents it to a module: Application.xml properties, a
 * storage directory, the registered writer listeners, and a recorder thread of its own on which
 * {@code onWriteComplete} is fired, as Wowza fires it when a recording is closed.
 */
final class SimulatedWowza implements IApplicationInstance {
    static final String APPLICATION = "demo";
    static final String INSTANCE = "_definst_";

    private final Path storageDir;
    private final WMSProperties properties = new WMSProperties();
    private final WMSProperties recorderProperties = new WMSProperties();
    private final List<IMediaWriterActionNotify> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wowza-stream-recorder");
        t.setDaemon(true);
        return t;
    });

    SimulatedWowza(Path storageDir, Map<String, String> applicationProperties) {
        this.storageDir = storageDir;
        properties.putAll(applicationProperties);
    }

    /** Wowza closed {@code file}, recorded from {@code streamName}: every listener hears it on the recorder thread. */
    void finishRecording(final Path file, String streamName) throws InterruptedException {
        final IMediaStream stream = new Stream(streamName, getContextStr() + "/" + streamName);
        try {
            recorder.submit(() -> {
                for (IMediaWriterActionNotify l : listeners) {
                    l.onWriteComplete(stream, file.toFile());
                }
            }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a writer listener failed on " + file + ": " + e.getCause(), e.getCause());
        }
    }

    void shutdown() throws InterruptedException {
        recorder.shutdown();
        recorder.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public String getName() {
        return INSTANCE;
    }

    @Override
    public String getContextStr() {
        return APPLICATION + "/" + INSTANCE;
    }

    @Override
    public IApplication getApplication() {
        return new IApplication() {
            @Override
            public String getName() {
                return APPLICATION;
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
    public String getStreamStorageDir() {
        return storageDir.toString();
    }

    @Override
    public String decodeStorageDir(String path) {
        return path.replace("${com.wowza.wms.context.Application}", APPLICATION)
                .replace("${com.wowza.wms.context.ApplicationInstance}", INSTANCE);
    }

    @Override
    public int getApplicationInstanceTouchTimeout() {
        return 60_000;
    }

    @Override
    public void touch() {
        // The simulated instance never idles out, so the module's keep-alive has nothing to prevent.
    }

    @Override
    public void addMediaWriterListener(IMediaWriterActionNotify listener) {
        listeners.add(listener);
    }

    @Override
    public void removeMediaWriterListener(IMediaWriterActionNotify listener) {
        listeners.remove(listener);
    }

    private static final class Stream implements IMediaStream {
        private final String name;
        private final String context;

        Stream(String name, String context) {
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
