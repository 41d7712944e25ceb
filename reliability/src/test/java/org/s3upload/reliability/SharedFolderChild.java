package org.s3upload.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.s3upload.wowza.ModuleS3Upload;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.host.CrashChild;
import org.s3upload.wowza.stub.SimulatedAppInstance;

/**
 * A Wowza process for {@link SharedFolderKillLoopTest}: two applications ({@code live} and
 * {@code other}) record into one content folder (Wowza's default) and upload to different buckets
 * (filesystem provider). It plays {@code crash.script} the way Wowza's recorder behaves, then
 * prints {@code DONE} once both are idle, or {@code PAUSED point} and freezes at
 * {@code crash.pauseAt=point@n} for the parent's SIGKILL. Script steps, separated by ';':
 * <ul>
 *   <li>{@code app:finish:path} a recording is closed (onWriteComplete);</li>
 *   <li>{@code app:version:path:seed:size} the stream records again under the same name: the
 *       recorder renames the finished file to {@code name_0.ext}, writes a new one, closes it;</li>
 *   <li>{@code app:append:path:seed:size} the recorder reopens a finished file in append mode,
 *       writes more and closes it again.</li>
 * </ul>
 * Paths are relative to the content folder, or absolute (a recording outside it).
 */
public final class SharedFolderChild {
    private SharedFolderChild() {
    }

    public static void main(String[] args) throws Exception {
        Path content = Paths.get(System.getProperty("crash.content"));
        AtomicBoolean armed = new AtomicBoolean();
        CrashChild.installPause(System.getProperty("crash.pauseAt", ""), armed);
        Map<String, SimulatedAppInstance> apps = new LinkedHashMap<>();
        Map<String, ModuleS3Upload> modules = new LinkedHashMap<>();
        apps.put("live", app("live", content, System.getProperty("crash.bucket")));
        apps.put("other", app("other", content, System.getProperty("crash.bucket2")));
        for (Map.Entry<String, SimulatedAppInstance> a : apps.entrySet()) {
            ModuleS3Upload m = new ModuleS3Upload();
            m.onAppStart(a.getValue());
            modules.put(a.getKey(), m);
        }
        for (String step : System.getProperty("crash.script", "").split(";")) {
            if (!step.isEmpty()) {
                play(step, content, apps);
            }
        }
        armed.set(true);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            boolean idle = true;
            for (ModuleS3Upload m : modules.values()) {
                EngineStatus s = m.status();
                idle &= s != null && s.targetReady() && s.idle() && s.failed() == 0 && s.reopened() == 0;
            }
            if (idle && markers(content.getParent()) == 0) {
                for (Map.Entry<String, ModuleS3Upload> m : modules.entrySet()) {
                    m.getValue().onAppStop(apps.get(m.getKey()));
                }
                System.out.println("DONE");
                System.out.flush();
                System.exit(0);
            }
            Thread.sleep(20);
        }
        System.out.println("STUCK " + modules.get("live").status() + " / " + modules.get("other").status());
        System.out.flush();
        System.exit(2);
    }

    static SimulatedAppInstance app(String name, Path content, String bucket) {
        SimulatedAppInstance app = new SimulatedAppInstance(name, "_definst_", content);
        app.getProperties().setProperty("s3UploadTarget", "filesystem");
        app.getProperties().setProperty("s3Upload.filesystem.root", bucket);
        app.getProperties().setProperty("s3Upload.filesystem.chunkSize", "4KiB");
        app.getProperties().setProperty("s3UploadDeleteOriginalFiles", "true");
        app.getProperties().setProperty("s3UploadRetryInitialDelay", "50");
        app.getProperties().setProperty("s3UploadStatusInterval", "0");
        // Long enough that the whole script is played before the first upload starts, so what each
        // recording ends as does not depend on timing; the kills come after.
        app.getProperties().setProperty("s3UploadDelay", "1500");
        return app;
    }

    private static void play(String step, Path content, Map<String, SimulatedAppInstance> apps) throws Exception {
        String[] p = step.split(":");
        SimulatedAppInstance app = apps.get(p[0]);
        Path file = content.resolve(p[2]);
        String name = file.getFileName().toString();
        String stream = name.substring(0, name.lastIndexOf('.'));
        switch (p[1]) {
            case "finish":
                break;
            case "version":
                Files.move(file, file.resolveSibling(stream + "_0" + name.substring(name.lastIndexOf('.'))));
                Files.write(file, Host.bytes(Integer.parseInt(p[4]), Long.parseLong(p[3])));
                break;
            case "append":
                Files.write(file, Host.bytes(Integer.parseInt(p[4]), Long.parseLong(p[3])), StandardOpenOption.APPEND);
                break;
            default:
                throw new IllegalArgumentException("unknown step " + step);
        }
        app.finishRecording(file, stream);
    }

    private static long markers(Path content) throws Exception {
        try (Stream<Path> s = Files.walk(content)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".upload")).count();
        }
    }
}
