package org.s3upload.examples.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes stand-ins for recordings: incompressible bytes, different in every block and every run
 * (so no store can deduplicate them and a rerun really uploads), generated at disk speed.
 */
final class SyntheticRecordings {
    private static final int BLOCK = 1 << 20;

    private SyntheticRecordings() {
    }

    /** The file of recording {@code i} (1-based) of stream {@code camera-i}; names without "_N" so Wowza versioning rules do not apply. */
    static Path file(Path dir, int i) {
        return dir.resolve(stream(i) + ".mp4");
    }

    static String stream(int i) {
        return "camera-" + i;
    }

    /** The stream a recording file was made from: its name without the extension. */
    static String streamOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".mp4") ? name.substring(0, name.length() - ".mp4".length()) : name;
    }

    /** Creates {@code count} recordings of {@code sizeMb} MiB each in {@code dir}, each written to a temp name, forced and renamed. */
    static List<Path> generate(Path dir, int count, int sizeMb, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        byte[] base = new byte[BLOCK];
        random.nextBytes(base);
        List<Path> out = new ArrayList<>();
        long salt = random.nextLong();
        for (int i = 1; i <= count; i++) {
            Path file = file(dir, i);
            Path temp = dir.resolve("." + file.getFileName() + ".generating");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.wrap(base);
                for (long b = 0; b < sizeMb; b++) {
                    // A distinct first 16 bytes per block make every block of every file unique.
                    block.clear();
                    block.putLong(0, salt ^ i);
                    block.putLong(8, b);
                    while (block.hasRemaining()) {
                        ch.write(block);
                    }
                }
                ch.force(true);
            }
            DemoDirs.moveDurably(temp, file);
            out.add(file);
        }
        return Collections.unmodifiableList(out);
    }

    /** The recordings a previous run generated in {@code dir}, in order. */
    static List<Path> existing(Path dir) {
        List<Path> out = new ArrayList<>();
        for (int i = 1; Files.isRegularFile(file(dir, i)); i++) {
            out.add(file(dir, i));
        }
        return Collections.unmodifiableList(out);
    }
}
