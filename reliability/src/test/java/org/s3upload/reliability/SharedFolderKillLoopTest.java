package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.host.Bucket;

/**
 * SIGKILL at seeded random checkpoints of a Wowza process ({@link SharedFolderChild}) in which two
 * applications share Wowza's default content folder and upload to different buckets, while the
 * recorder behaves as it does by default: the same stream records again under the same name
 * (the finished take renamed to {@code name_0}), a finished recording is reopened and appended to
 * and closed again, and a recording is written outside the storage folder. Every third iteration
 * the restarted process is killed during its recovery too. Then both applications start again in
 * this JVM: every recording is in its own application's bucket exactly once with its final bytes,
 * nothing in the other's, every local file and marker is gone, and after every kill no local file
 * was gone whose final bytes were not already stored. Counts go to
 * {@code target/shared-folder-kill-loop.txt}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SharedFolderKillLoopTest {
    private static final long SEED = 20261204L;
    private static final int ITERATIONS = 30;
    private static final String[] POINTS = {
        "upload:partial", "atomic-write:partial", "atomic-write:before-rename", "upload:verified", "upload:local-deleted"
    };

    @TempDir
    Path dir;

    /** One iteration's recordings: local path -> final bytes, per bucket key. */
    private static final class Expected {
        final Map<String, byte[]> live = new LinkedHashMap<>();
        final Map<String, byte[]> other = new LinkedHashMap<>();
        /** Local file -> the bytes its key must hold before the file may be gone. */
        final Map<Path, byte[]> local = new LinkedHashMap<>();
        final Map<Path, String> keyOf = new LinkedHashMap<>();
        final Map<Path, Boolean> isLive = new LinkedHashMap<>();

        void add(boolean live, Path file, String key, byte[] data) {
            (live ? this.live : this.other).put(key, data);
            local.put(file, data);
            keyOf.put(file, key);
            isLive.put(file, live);
        }
    }

    @Test
    void twoApplicationsSharingAFolderLoseNothingUnderKills() throws Exception {
        Random random = new Random(SEED);
        Map<String, Integer> killsAt = new TreeMap<>();
        int notReached = 0;
        int recoveryKills = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            Path root = Files.createDirectories(dir.resolve("it" + it));
            Path content = Files.createDirectories(root.resolve("content"));
            Path outside = Files.createDirectories(root.resolve("elsewhere"));
            Path bucket = Files.createDirectories(root.resolve("bucket-live"));
            Path bucket2 = Files.createDirectories(root.resolve("bucket-other"));
            Expected expected = new Expected();
            List<String> script = new ArrayList<>();

            // live records cam.mp4, then the same stream again: the first take becomes cam_0.mp4
            byte[] take1 = bytes(random);
            Files.write(content.resolve("cam.mp4"), take1);
            script.add("live:finish:cam.mp4");
            long take2Seed = random.nextLong();
            int take2Size = 1 + random.nextInt(40 * 1024);
            script.add("live:version:cam.mp4:" + take2Seed + ":" + take2Size);
            expected.add(true, content.resolve("cam_0.mp4"), "cam_0.mp4", take1);
            expected.add(true, content.resolve("cam.mp4"), "cam.mp4", Host.bytes(take2Size, take2Seed));

            // other records into the same folder, to its own bucket
            byte[] o = bytes(random);
            Files.write(content.resolve("show.mp4"), o);
            script.add("other:finish:show.mp4");
            expected.add(false, content.resolve("show.mp4"), "show.mp4", o);

            // live: a recording reopened after its finish report, appended to and closed again
            byte[] first = bytes(random);
            Files.write(content.resolve("append.mp4"), first);
            script.add("live:finish:append.mp4");
            long moreSeed = random.nextLong();
            int moreSize = 1 + random.nextInt(16 * 1024);
            script.add("live:append:append.mp4:" + moreSeed + ":" + moreSize);
            expected.add(true, content.resolve("append.mp4"), "append.mp4", concat(first, Host.bytes(moreSize, moreSeed)));

            // live: a recording written outside the storage folder
            if (random.nextBoolean()) {
                byte[] ext = bytes(random);
                Path e = outside.resolve("ext.mp4");
                Files.write(e, ext);
                script.add("live:finish:" + e);
                expected.add(true, e, "ext.mp4", ext);
            }

            String point = POINTS[random.nextInt(POINTS.length)] + "@" + (1 + random.nextInt(3));
            String line = run(root, content, bucket, bucket2, point, String.join(";", script));
            if (line.startsWith("PAUSED")) {
                killsAt.merge(point, 1, Integer::sum);
            } else {
                notReached++;
            }
            assertNothingDeletedEarly(expected, bucket, bucket2, "iteration " + it + " after a kill at " + point);
            if (it % 3 == 2) {
                String again = POINTS[random.nextInt(POINTS.length)] + "@1";
                if (run(root, content, bucket, bucket2, again, "").startsWith("PAUSED")) {
                    recoveryKills++;
                    killsAt.merge("recovery " + again, 1, Integer::sum);
                }
                assertNothingDeletedEarly(expected, bucket, bucket2, "iteration " + it + " after a recovery kill at " + again);
            }
            String logs;
            try (Host live = Host.filesystem(content, bucket, "live"); Host other = Host.filesystem(content, bucket2, "other")) {
                live.set("s3UploadDeleteOriginalFiles", "true").start();
                other.set("s3UploadDeleteOriginalFiles", "true").start();
                Await.until("iteration " + it + " is uploaded", () -> settled(live) && settled(other)
                        && noMarkers(root), () -> live.log + "\n" + other.log + "\n" + KillLoopTest.childLogs(root));
                logs = live.log + "\n" + other.log;
                assertThat(live.log.at("ERROR")).as("iteration " + it).isEmpty();
                assertThat(other.log.at("ERROR")).as("iteration " + it).isEmpty();
            }
            assertBucket(bucket, expected.live, "iteration " + it + " (" + point + ") live\n" + logs);
            assertBucket(bucket2, expected.other, "iteration " + it + " (" + point + ") other\n" + logs);
            for (Path f : expected.local.keySet()) {
                assertThat(f).as("iteration " + it).doesNotExist();
            }
            assertThat(markers(root)).as("iteration " + it + ": no marker left, none quarantined").isEmpty();
        }
        String counts = "seed " + SEED + ": " + ITERATIONS + " iterations, kills " + killsAt
                + ", point not reached (child finished) " + notReached + ", kills during restart recovery " + recoveryKills;
        System.out.println(counts);
        Files.writeString(Paths.get("target", "shared-folder-kill-loop.txt"), counts + "\n");
        assertThat(killsAt.values().stream().mapToInt(Integer::intValue).sum()).as("most iterations really killed mid-work")
                .isGreaterThanOrEqualTo(ITERATIONS / 2);
    }

    private static boolean settled(Host h) {
        try {
            return h.status() != null && h.status().targetReady() && h.status().idle() && h.status().reopened() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void assertBucket(Path bucket, Map<String, byte[]> expected, String what) {
        Map<String, byte[]> objects = Bucket.objects(bucket);
        assertThat(objects.keySet()).as(what + ": each recording exactly once, in its own application's bucket")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(objects.get(e.getKey())).as(what + " " + e.getKey() + " holds its final bytes").isEqualTo(e.getValue());
        }
    }

    /** A local file may be gone only once its final bytes are stored (before the script, none is gone). */
    private static void assertNothingDeletedEarly(Expected expected, Path bucket, Path bucket2, String when) {
        Map<String, byte[]> live = Bucket.objects(bucket);
        Map<String, byte[]> other = Bucket.objects(bucket2);
        for (Map.Entry<Path, byte[]> e : expected.local.entrySet()) {
            if (!Files.exists(e.getKey())) {
                Map<String, byte[]> objects = expected.isLive.get(e.getKey()) ? live : other;
                assertThat(objects.get(expected.keyOf.get(e.getKey()))).as(when + ": " + e.getKey()
                        + " is gone locally, so its final bytes are stored").isEqualTo(e.getValue());
            }
        }
    }

    private static byte[] bytes(Random random) {
        int size = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(40 * 1024);
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean noMarkers(Path root) {
        try {
            return markers(root).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static List<Path> markers(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().contains(".upload")
                    && !p.getFileName().toString().contains(".s3upload-tmp-")).collect(Collectors.toList());
        }
    }

    private static String run(Path root, Path content, Path bucket, Path bucket2, String pauseAt, String script)
            throws Exception {
        return KillLoopTest.runChild(root, List.of("-Dcrash.content=" + content, "-Dcrash.bucket=" + bucket,
                "-Dcrash.bucket2=" + bucket2, "-Dcrash.pauseAt=" + pauseAt, "-Dcrash.script=" + script),
                SharedFolderChild.class.getName());
    }
}
