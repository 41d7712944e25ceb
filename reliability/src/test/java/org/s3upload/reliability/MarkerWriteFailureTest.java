package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.engine.Checkpoints;
import org.s3upload.wowza.host.Bucket;

/**
 * The marker write fails: an IOException injected inside the engine's atomic write (through its
 * checkpoint hook, between the two halves of the temp file: exactly where ENOSPC would strike),
 * and a real full disk on a small tmpfs where the machine allows mounting one. The recording is
 * never touched, every failure is logged, the marker is written again at the next change, and
 * the recording is uploaded and verified.
 */
class MarkerWriteFailureTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        Checkpoints.install(null);
    }

    /** Throws a checked exception from a hook that declares none: the write sees a real IOException. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void injectedIoExceptionsAtTheMarkerWriteAreLoggedAndTheWriteHappensAgain() throws Exception {
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        // Two: the journal write and the key's; the third write (state UPLOADING) then lasts through the
        // upload, long enough for the watcher to see it (the engine no longer writes an MD5 in between).
        AtomicInteger failuresLeft = new AtomicInteger(2);
        AtomicInteger injected = new AtomicInteger();
        Checkpoints.install(point -> {
            if (point.equals("atomic-write:partial") && failuresLeft.getAndDecrement() > 0) {
                injected.incrementAndGet();
                MarkerWriteFailureTest.<RuntimeException>sneakyThrow(new IOException("No space left on device (injected)"));
            }
        });
        Set<String> seen = ConcurrentHashMap.newKeySet();
        byte[] data = Host.bytes(300_000, 1);
        try (Host h = Host.filesystem(dir.resolve("content"), bucket);
             SecretLeakTest.MarkerWatcher w = new SecretLeakTest.MarkerWatcher(dir.resolve("content"), seen)) {
            h.set("s3UploadDeleteOriginalFiles", "true").start();
            h.awaitReady();
            Path rec = h.write("full.mp4", data);
            long mtime = Files.getLastModifiedTime(rec).toMillis();
            h.finish(rec);
            h.awaitSettled(1, 0);
            assertThat(injected.get()).isEqualTo(2);
            assertThat(h.log.count("WARN", "cannot write marker")).as(h.log.toString()).isEqualTo(2);
            assertThat(h.log.at("WARN")).allMatch(l -> !l.contains("cannot write marker") || l.contains("No space left"));
            assertThat(seen).as("a later marker write succeeded").anyMatch(m -> m.contains("\"key\":\"full.mp4\""));
            assertThat(Bucket.objects(bucket).get("full.mp4")).isEqualTo(data);
            assertThat(rec).as("deleted only after verification").doesNotExist();
            assertThat(h.markers()).isEmpty();
            assertThat(mtime).isPositive();
        }
    }

    @Test
    void everyMarkerWriteFailingStillUploadsAndNeverTouchesTheRecording() throws Exception {
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        AtomicInteger injected = new AtomicInteger();
        Checkpoints.install(point -> {
            if (point.equals("atomic-write:partial")) {
                injected.incrementAndGet();
                MarkerWriteFailureTest.<RuntimeException>sneakyThrow(new IOException("Read-only file system (injected)"));
            }
        });
        byte[] data = Host.bytes(50_000, 2);
        try (Host h = Host.filesystem(dir.resolve("content"), bucket)) {
            h.start();
            h.awaitReady();
            Path rec = h.write("ro.mp4", data);
            h.finish(rec);
            h.awaitSettled(1, 0);
            assertThat(injected.get()).isPositive();
            assertThat(h.log.count("WARN", "cannot write marker")).isEqualTo(injected.get());
            assertThat(Files.readAllBytes(rec)).as("the recording is untouched").isEqualTo(data);
            assertThat(Bucket.objects(bucket).get("ro.mp4")).isEqualTo(data);
            assertThat(h.markers()).isEmpty();
            assertThat(h.log.at("ERROR")).isEmpty();
        }
    }

    /**
     * A real ENOSPC: the storage directory on a 256 KiB tmpfs filled up to the last byte. Needs
     * root and a kernel/container that lets it mount tmpfs (CI runners usually do not): skipped,
     * saying so, where mounting fails.
     */
    @Test
    void aFullDiskOnATmpfsIsLoggedAndTheUploadGoesOnOnceThereIsSpace() throws Exception {
        Path mnt = Files.createDirectories(dir.resolve("small-disk"));
        boolean mounted;
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt.toString())
                    .redirectErrorStream(true).start();
            mounted = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
        } catch (IOException noMountCommand) {
            mounted = false;
        }
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): full-disk case not run; "
                + "the injected-IOException tests cover the same code path");
        try {
            Path bucket = Files.createDirectories(dir.resolve("bucket"));
            Path content = Files.createDirectories(mnt.resolve("content"));
            byte[] data = Host.bytes(100_000, 3);
            Path rec = Files.write(content.resolve("enospc.mp4"), data);
            Path filler = mnt.resolve("filler");
            fill(filler);
            try (Host h = Host.filesystem(content, bucket)) {
                h.set("s3UploadDeleteOriginalFiles", "true").start();
                h.awaitReady();
                h.finish(rec);
                Await.until("the full disk is reported", () -> h.log.count("WARN", "cannot write marker") > 0, h.log::toString);
                assertThat(h.log.at("WARN")).anyMatch(l -> l.contains("No space left"));
                Files.delete(filler);
                h.awaitSettled(1, 0);
                assertThat(Bucket.objects(bucket).get("enospc.mp4")).isEqualTo(data);
                assertThat(h.markers()).isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static void fill(Path filler) {
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full now
        }
        assertThat(Paths.get(filler.toString())).exists();
    }
}
