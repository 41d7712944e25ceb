package org.s3upload.reliability;

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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.wowza.host.Bucket;
import org.s3upload.wowza.host.CrashChild;

/**
 * SIGKILL of a child JVM hosting the module (wowza-module's CrashChild, filesystem provider,
 * delete-original and versioning on, so a duplicate upload would show as {@code name_0}) at
 * seeded random checkpoints: mid-upload, mid-marker-write, before a marker's rename, between
 * verification and the local delete, between the local delete and the marker delete. Every
 * third iteration the restarted child is killed too, at a random point of its start-up recovery.
 * Then the module starts again in this JVM: every recording is uploaded exactly once with
 * identical bytes, every local file and marker is gone, and no file was deleted before its object
 * existed. Counts go to {@code target/kill-loop.txt}.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class KillLoopTest {
    private static final long SEED = 20261126L;
    private static final int ITERATIONS = 30;
    private static final String[] POINTS = {
        "upload:partial", "atomic-write:partial", "atomic-write:before-rename", "upload:verified", "upload:local-deleted"
    };

    @TempDir
    Path dir;

    @Test
    void everyRecordingIsUploadedExactlyOnceAfterKillsAtRandomPoints() throws Exception {
        Random random = new Random(SEED);
        Map<String, Integer> killsAt = new TreeMap<>();
        int notReached = 0;
        int recoveryKills = 0;
        int recordings = 0;
        long bytes = 0;
        int resumed = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            Path root = Files.createDirectories(dir.resolve("it" + it));
            Path content = Files.createDirectories(root.resolve("content"));
            Path bucket = Files.createDirectories(root.resolve("bucket"));
            Map<String, byte[]> expected = new LinkedHashMap<>();
            int n = 1 + random.nextInt(3);
            for (int r = 0; r < n; r++) {
                String name = (random.nextBoolean() ? "shows/" : "") + "cam" + r + (random.nextBoolean() ? ".mp4" : ".flv");
                int size = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(48 * 1024);
                byte[] data = new byte[size];
                random.nextBytes(data);
                Path p = content.resolve(name);
                Files.createDirectories(p.getParent());
                Files.write(p, data);
                expected.put(name, data);
                bytes += size;
            }
            recordings += n;
            String point = POINTS[random.nextInt(POINTS.length)] + "@" + (1 + random.nextInt(2));
            String line = runAndKill(root, content, bucket, point, String.join(",", expected.keySet()));
            if (line.startsWith("PAUSED")) {
                killsAt.merge(point, 1, Integer::sum);
            } else {
                notReached++;
            }
            assertNothingDeletedEarly(content, bucket, expected, "iteration " + it + " after a kill at " + point);
            if (it % 3 == 2) {
                String again = POINTS[random.nextInt(POINTS.length)] + "@1";
                if (runAndKill(root, content, bucket, again, "").startsWith("PAUSED")) {
                    recoveryKills++;
                    killsAt.merge("recovery " + again, 1, Integer::sum);
                }
                assertNothingDeletedEarly(content, bucket, expected, "iteration " + it + " after a recovery kill at " + again);
            }
            String log;
            try (Host h = Host.filesystem(content, bucket)) {
                h.set("s3UploadDeleteOriginalFiles", "true").set("s3UploadVersionFile", "true").start();
                org.s3upload.wowza.engine.Await.until("iteration " + it + " is uploaded", () -> {
                    try {
                        return h.status() != null && h.status().targetReady() && h.status().idle() && markers(content).isEmpty();
                    } catch (Exception e) {
                        return false;
                    }
                }, () -> h.log.toString() + "\n" + childLogs(root));
                log = h.log.toString();
                assertThat(h.log.at("ERROR")).as("iteration " + it).isEmpty();
            }
            resumed += (int) log.lines().filter(l -> l.contains("resuming ")).count();
            Map<String, byte[]> objects = Bucket.objects(bucket);
            assertThat(objects.keySet()).as("iteration %d (%s): each recording exactly once\n%s", it, point, log)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertThat(objects.get(e.getKey())).as("iteration " + it + " " + e.getKey()).isEqualTo(e.getValue());
                assertThat(content.resolve(e.getKey())).doesNotExist();
            }
            assertThat(markers(content)).as("iteration " + it + ": no marker left, none quarantined").isEmpty();
        }
        String counts = "seed " + SEED + ": " + ITERATIONS + " iterations, " + recordings + " recordings (" + bytes
                + " bytes), kills " + killsAt + ", point not reached (child finished) " + notReached
                + ", kills during restart recovery " + recoveryKills + ", resumed uploads in the final start " + resumed;
        System.out.println(counts);
        Files.writeString(Paths.get("target", "kill-loop.txt"), counts + "\n");
        assertThat(killsAt.values().stream().mapToInt(Integer::intValue).sum()).as("most iterations really killed mid-work")
                .isGreaterThanOrEqualTo(ITERATIONS / 2);
    }

    static void assertNothingDeletedEarly(Path content, Path bucket, Map<String, byte[]> expected, String when) {
        Map<String, byte[]> objects = Bucket.objects(bucket);
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (!Files.exists(content.resolve(e.getKey()))) {
                assertThat(objects.get(e.getKey())).as(when + ": " + e.getKey() + " deleted locally, so uploaded")
                        .isEqualTo(e.getValue());
            }
        }
    }

    private static List<Path> markers(Path content) throws Exception {
        try (Stream<Path> s = Files.walk(content)) {
            return s.filter(p -> p.getFileName().toString().contains(".upload")
                    && !p.getFileName().toString().contains(".s3upload-tmp-")).collect(Collectors.toList());
        }
    }

    /** Runs a CrashChild to the point (or to DONE), kills it with SIGKILL, returns the line it printed. */
    private String runAndKill(Path root, Path content, Path bucket, String pauseAt, String notify) throws Exception {
        return runAndKill(root, content, pauseAt, notify, List.of("-Dcrash.bucket=" + bucket));
    }

    /** Same, with the child's provider given by {@code settings} ({@code -Dcrash.bucket=..} or {@code -Dcrash.prop.*}). */
    static String runAndKill(Path root, Path content, String pauseAt, String notify, List<String> settings) throws Exception {
        List<String> props = new ArrayList<>(List.of("-Dcrash.content=" + content, "-Dcrash.pauseAt=" + pauseAt,
                "-Dcrash.notify=" + notify, "-Dcrash.prop.s3UploadDelay=50"));
        props.addAll(settings);
        return runChild(root, props, CrashChild.class.getName());
    }

    /** Runs {@code mainClass} in a child JVM with {@code props} until it prints PAUSED, DONE or STUCK; SIGKILLs it. */
    static String runChild(Path root, List<String> props, String mainClass) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, "-Xmx128m", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(props);
        cmd.add(mainClass);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        File log = root.resolve("child-" + System.nanoTime() + ".log").toFile();
        pb.redirectError(log);
        Process p = pb.start();
        String line = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.startsWith("PAUSED") || l.startsWith("DONE") || l.startsWith("STUCK")) {
                    line = l;
                    break;
                }
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing flushed
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(line).as("child output\n" + childLogs(root)).isNotNull().doesNotStartWith("STUCK");
        return line;
    }

    static String childLogs(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            StringBuilder sb = new StringBuilder();
            for (Path p : (Iterable<Path>) s.filter(f -> f.getFileName().toString().startsWith("child-"))::iterator) {
                sb.append("== ").append(p.getFileName()).append('\n').append(Files.readString(p));
            }
            return sb.toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
