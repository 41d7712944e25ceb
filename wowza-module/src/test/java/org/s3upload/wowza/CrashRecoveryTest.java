package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.s3upload.wowza.host.Bucket;
import org.s3upload.wowza.host.CrashChild;

/**
 * A child JVM hosting the module is killed with SIGKILL at a chosen point, then a new one starts
 * on the same directories: every recording ends up uploaded with identical bytes, none is lost,
 * no key is duplicated, and no local file is deleted before its upload was verified.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;
    Path lastLog;

    @ParameterizedTest
    @ValueSource(strings = {
        "upload:partial@1",            // mid-upload
        "atomic-write:partial@1",      // mid-marker-write (a marker update by the module's threads)
        "atomic-write:before-rename@2",
        "upload:verified@1",           // after completion, before local delete and marker deletion
        "upload:local-deleted@1"       // after the local delete, before marker deletion
    })
    void everyRecordingSurvivesAKillAndARestart(String point) throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        Map<String, byte[]> recordings = new LinkedHashMap<>();
        Random random = new Random(point.hashCode());
        int[] sizes = {96 * 1024, 40 * 1024 + 7, 5};
        String[] names = {"cam1.mp4", "shows/cam2.mp4", "cam3.flv"};
        for (int i = 0; i < names.length; i++) {
            byte[] data = new byte[sizes[i]];
            random.nextBytes(data);
            Path p = content.resolve(names[i]);
            Files.createDirectories(p.getParent());
            Files.write(p, data);
            recordings.put(names[i], data);
        }

        Process first = child(content, bucket, point, String.join(",", names));
        String line = awaitLine(first, "PAUSED", "DONE", "STUCK");
        assertThat(line).as("the child reaches " + point).isEqualTo("PAUSED " + point.substring(0, point.indexOf('@')));
        first.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no flushing
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Map<String, byte[]> atCrash = Bucket.objects(bucket);
        for (Map.Entry<String, byte[]> r : recordings.entrySet()) {
            if (!Files.exists(content.resolve(r.getKey()))) {
                assertThat(atCrash.get(r.getKey())).as(r.getKey() + " was deleted locally, so it must be uploaded")
                        .isEqualTo(r.getValue());
            }
        }

        Process second = child(content, bucket, "", "");
        assertThat(awaitLine(second, "DONE", "STUCK")).isEqualTo("DONE");
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        if (point.startsWith("upload:partial")) {
            assertThat(new String(Files.readAllBytes(lastLog), StandardCharsets.UTF_8))
                    .as("the interrupted upload continues from its token").contains("resuming ");
        }

        Map<String, byte[]> objects = Bucket.objects(bucket);
        assertThat(objects.keySet()).containsExactlyInAnyOrderElementsOf(recordings.keySet());
        for (Map.Entry<String, byte[]> r : recordings.entrySet()) {
            assertThat(objects.get(r.getKey())).as(r.getKey()).isEqualTo(r.getValue());
            assertThat(content.resolve(r.getKey())).as("deleted once verified").doesNotExist();
        }
        try (Stream<Path> s = Files.walk(content)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".upload") || n.contains(".upload.")))
                    .as("no marker left, none quarantined").allMatch(n -> n.contains(".s3upload-tmp-"));
        }
    }

    private Process child(Path content, Path bucket, String pauseAt, String notify) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add("-Xmx128m");
        cmd.add("-Dcrash.content=" + content);
        cmd.add("-Dcrash.bucket=" + bucket);
        cmd.add("-Dcrash.pauseAt=" + pauseAt);
        cmd.add("-Dcrash.notify=" + notify);
        cmd.add(CrashChild.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        File log = dir.resolve("child-" + System.nanoTime() + ".log").toFile();
        pb.redirectError(log);
        lastLog = log.toPath();
        return pb.start();
    }

    /** The first stdout line that starts with one of {@code wanted}; fails with the child's log otherwise. */
    private String awaitLine(Process p, String... wanted) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (Exception e) {
                // the child was killed
            }
            lines.add("<eof>");
        });
        reader.setDaemon(true);
        reader.start();
        while (true) {
            String l = lines.poll(90, TimeUnit.SECONDS);
            if (l == null || l.equals("<eof>")) {
                throw new AssertionError("child ended without " + String.join("/", wanted) + "; logs:\n" + childLogs());
            }
            for (String w : wanted) {
                if (l.startsWith(w)) {
                    if (!l.startsWith("PAUSED") && !l.startsWith("DONE")) {
                        throw new AssertionError(l + "\n" + childLogs());
                    }
                    return l;
                }
            }
        }
    }

    private String childLogs() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.getFileName().toString().startsWith("child-"))::iterator) {
                sb.append("== ").append(p.getFileName()).append('\n')
                        .append(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }
}
