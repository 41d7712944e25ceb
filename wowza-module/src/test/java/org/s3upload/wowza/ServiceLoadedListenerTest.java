package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;
import org.s3upload.spi.notify.CompletionEvent;
import org.s3upload.spi.notify.CompletionListener;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.engine.EngineSettings;
import org.s3upload.wowza.engine.UploadEngine;
import org.s3upload.wowza.engine.UploadLog;

/**
 * A third-party listener found by ServiceLoader: a JAR-like folder with
 * {@code META-INF/services/org.s3upload.spi.notify.CompletionListener} on a class loader of its own
 * (not on the test class path, where every other test would find it), loaded as the module loads
 * listeners, and told of an upload by a real engine with the filesystem provider.
 */
class ServiceLoadedListenerTest {
    @TempDir
    Path dir;
    UploadEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        CollectingListener.EVENTS.clear();
    }

    @Test
    void aListenerListedInMetaInfServicesIsFoundAndHearsEveryUpload() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("listener-jar/META-INF/services"));
        Files.write(jar.resolve(CompletionListener.class.getName()),
                ("# a third party's listener\n" + CollectingListener.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> problems = new ArrayList<>();
        List<CompletionListener> found;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("listener-jar").toUri().toURL()},
                getClass().getClassLoader())) {
            found = CompletionListeners.load(new ModuleSettings(new HashMap<String, Object>()), loader, problems);
        }
        assertThat(problems).isEmpty();
        assertThat(found).hasSize(1).first().isInstanceOf(CollectingListener.class);
        // and nothing is found without the services file
        assertThat(CompletionListeners.load(new ModuleSettings(new HashMap<String, Object>()), getClass().getClassLoader(),
                problems)).isEmpty();

        Path content = Files.createDirectories(dir.resolve("content"));
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        Map<String, String> fs = new HashMap<>();
        fs.put("root", bucket.toString());
        UploadTarget target = UploadTargets.create(UploadTargets.select(UploadTargets.discover(getClass().getClassLoader()),
                "filesystem"), fs);
        engine = UploadEngine.start(EngineSettings.builder(content).names("vod", "_definst_").vhost("edge1")
                .statusIntervalMillis(0).retry(20, 100).listeners(found).build(), target, new QuietLog(), null);
        Path rec = content.resolve("talk.mp4");
        Files.write(rec, new byte[] {1, 2, 3});
        engine.onRecordingFinished(rec, "talk");
        Await.until("the listener heard it", () -> !CollectingListener.EVENTS.isEmpty());
        CompletionEvent e = CollectingListener.EVENTS.get(0);
        assertThat(e.type()).isEqualTo(CompletionEvent.Type.UPLOADED);
        assertThat(e.vhost()).isEqualTo("edge1");
        assertThat(e.application()).isEqualTo("vod");
        assertThat(e.instance()).isEqualTo("_definst_");
        assertThat(e.stream()).contains("talk");
        assertThat(e.key()).contains("talk.mp4");
        assertThat(e.location()).contains(bucket.resolve("talk.mp4").toUri().toString());
        Path cursor = content.resolve(".s3upload-notifications/edge1/vod/_definst_/delivered-" + CollectingListener.class.getName());
        Await.until("the listener's cursor is recorded", () -> Files.isRegularFile(cursor));
    }

    private static final class QuietLog implements UploadLog {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void error(String message, Throwable cause) {
        }

        @Override
        public void debug(String message) {
        }
    }
}
