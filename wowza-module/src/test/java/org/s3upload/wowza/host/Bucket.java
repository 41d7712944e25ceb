package org.s3upload.wowza.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The objects a filesystem target holds: regular files under its root, without the provider's hidden files. */
public final class Bucket {
    private Bucket() {
    }

    /** key -> bytes; retried while the provider renames files under the walk. */
    public static Map<String, byte[]> objects(Path root) {
        for (int i = 0; ; i++) {
            try {
                return walk(root);
            } catch (UncheckedIOException e) {
                if (i > 100) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, byte[]> walk(Path root) {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(p -> {
                        try {
                            out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
