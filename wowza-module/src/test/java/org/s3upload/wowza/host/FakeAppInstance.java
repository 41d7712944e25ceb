package org.s3upload.wowza.host;

import com.wowza.wms.application.IApplication;
import com.wowza.wms.application.IApplicationInstance;
import com.wowza.wms.application.WMSProperties;
import com.wowza.wms.stream.IMediaStream;
import com.wowza.wms.stream.IMediaWriterActionNotify;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application instance as Wowza would present it to a module: properties, a storage
 * directory, registered writer listeners, and a recorder thread of its own that fires
 * {@code onWriteComplete}.
 */
public final class FakeAppInstance implements IApplicationInstance {
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

    public FakeAppInstance(String appName, String name, Path storageDir) {
        this.appName = appName;
        this.name = name;
        this.storageDir = storageDir;
    }

    /** Fires onWriteComplete on the recorder thread, as Wowza does, and waits until every listener returned. */
    public void finishRecording(Path file, String streamName) throws Exception {
        IMediaStream stream = new FakeStream(streamName, getContextStr() + "/" + streamName);
        Future<?> f = recorder.submit(() -> {
            for (IMediaWriterActionNotify l : listeners) {
                l.onWriteComplete(stream, file.toFile());
            }
        });
        f.get();
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

    private static final class FakeStream implements IMediaStream {
        private final String name;
        private final String context;

        FakeStream(String name, String context) {
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
