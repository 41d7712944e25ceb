package org.s3upload.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.s3upload.spi.support.Checksums;

/** Incompressible recordings of an exact size, reused when already present with the right size. */
final class TestData {
    private TestData() {
    }

    /** Writes {@code size} pseudo-random bytes (seeded, so reruns give the same file) and returns their MD5. */
    static String create(Path file, long size, long seed) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == size && Files.exists(md5File(file))) {
            return Files.readString(md5File(file)).trim();
        }
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest md5 = Checksums.newMd5();
        ByteBuffer buf = ByteBuffer.allocate(8 * 1024 * 1024);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long left = size;
            while (left > 0) {
                buf.clear();
                int n = (int) Math.min(buf.capacity(), left);
                for (int i = 0; i + 8 <= n; i += 8) {
                    buf.putLong(random.nextLong());
                }
                while (buf.position() < n) {
                    buf.put((byte) random.nextInt());
                }
                buf.flip();
                md5.update(buf.array(), 0, n);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                left -= n;
            }
            ch.force(true);
        }
        String hex = Checksums.hex(md5.digest());
        Files.writeString(md5File(file), hex + "\n");
        return hex;
    }

    private static Path md5File(Path file) {
        return file.resolveSibling(file.getFileName() + ".md5");
    }
}
