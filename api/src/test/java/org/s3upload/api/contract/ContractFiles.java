package org.s3upload.api.contract;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Random source files for the contract suite, generated once per JVM and shared read-only by
 * every test (tests that modify a file copy it first), so large part sizes stay cheap.
 */
public final class ContractFiles {
    private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();
    private static volatile Path dir;

    private ContractFiles() {
    }

    /** A read-only file of {@code size} bytes drawn from a generator seeded with {@code seed}. */
    public static Path random(long size, long seed) {
        return CACHE.computeIfAbsent(size + "-" + seed, k -> write(size, seed));
    }

    /** The bytes {@link #random(long, long)} writes, without touching the disk. */
    public static byte[] bytes(long size, long seed) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too large for memory: " + size);
        }
        byte[] b = new byte[(int) size];
        fill(new SplittableRandom(seed), b, b.length);
        return b;
    }

    private static Path write(long size, long seed) {
        try {
            Path f = directory().resolve("source-" + size + "-" + seed + ".bin");
            SplittableRandom rnd = new SplittableRandom(seed);
            byte[] buf = new byte[1 << 20];
            try (OutputStream out = Files.newOutputStream(f)) {
                long left = size;
                while (left > 0) {
                    int n = (int) Math.min(buf.length, left);
                    fill(rnd, buf, n);
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
            f.toFile().setReadOnly();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Fills 8 bytes per draw: random(long,long) and bytes(long,long) must agree byte for byte.
    private static void fill(SplittableRandom rnd, byte[] b, int n) {
        int i = 0;
        while (i < n) {
            long v = rnd.nextLong();
            for (int j = 0; j < 8 && i < n; j++, i++) {
                b[i] = (byte) (v >>> (8 * j));
            }
        }
    }

    private static synchronized Path directory() throws IOException {
        if (dir == null) {
            Path d = Files.createTempDirectory("s3upload-contract-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d), "contract-files-cleanup"));
            dir = d;
        }
        return dir;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                p.toFile().setWritable(true);
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }
}
