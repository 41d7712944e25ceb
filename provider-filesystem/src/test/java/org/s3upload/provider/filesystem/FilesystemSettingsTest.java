package org.s3upload.provider.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.ConfigKey;
import org.s3upload.api.UploadException;

class FilesystemSettingsTest {
    @TempDir
    Path dir;

    private Map<String, String> config(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("root", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaults() throws Exception {
        FilesystemSettings c = FilesystemSettings.parse(config("unrelated.key", "ignored"));
        assertThat(c.root()).isEqualTo(dir.toRealPath());
        assertThat(c.chunkSize()).isEqualTo(8L << 20);
        assertThat(c.fsync()).isTrue();
        assertThat(c.threads()).isEqualTo(4);
        assertThat(Files.list(dir)).as("the writability probe leaves nothing behind").isEmpty();
    }

    @Test
    void readsSizesWithSuffixes() throws Exception {
        assertThat(FilesystemSettings.parse(config("chunkSize", "8388608")).chunkSize()).isEqualTo(8388608);
        assertThat(FilesystemSettings.parse(config("chunkSize", "8MiB")).chunkSize()).isEqualTo(8L << 20);
        assertThat(FilesystemSettings.parse(config("chunkSize", "8 mib")).chunkSize()).isEqualTo(8L << 20);
        assertThat(FilesystemSettings.parse(config("chunkSize", "8MB")).chunkSize()).as("MB is binary, as for every provider")
                .isEqualTo(8L << 20);
        assertThat(FilesystemSettings.parse(config("chunkSize", "64KiB")).chunkSize()).isEqualTo(65536);
        assertThat(FilesystemSettings.parse(config("chunkSize", "1GiB")).chunkSize()).isEqualTo(1L << 30);
        assertThat(FilesystemSettings.parse(config("fsync", "FALSE", "threads", " 16 ")).fsync()).isFalse();
    }

    @Test
    void namesEveryBadKeyInOneMessage() {
        Map<String, String> bad = config("chunkSize", "1KiB", "fsync", "yes", "threads", "65");
        bad.put("root", dir.resolve("missing").toString());
        assertThatThrownBy(() -> FilesystemSettings.parse(bad)).isInstanceOfSatisfying(UploadException.class, e -> {
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage())
                    .contains("'root' = '" + dir.resolve("missing") + "' does not exist")
                    .contains("'chunkSize' = '1KiB' is not a size from 4KiB to 1GiB")
                    .contains("'fsync' = 'yes' is not a boolean")
                    .contains("'threads' = '65' is not a whole number from 1 to 64");
        });
    }

    @Test
    void explainsEachRootProblem() throws Exception {
        assertThatThrownBy(() -> FilesystemSettings.parse(new HashMap<>()))
                .hasMessageContaining("'root' is missing: set it to an existing, writable directory");
        Path file = Files.write(dir.resolve("a-file"), new byte[1]);
        assertThatThrownBy(() -> FilesystemSettings.parse(config("root", file.toString())))
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> FilesystemSettings.parse(config("chunkSize", "2GiB"))).hasMessageContaining("'chunkSize'");
        assertThatThrownBy(() -> FilesystemSettings.parse(config("chunkSize", "-5"))).hasMessageContaining("'chunkSize'");
        assertThatThrownBy(() -> FilesystemSettings.parse(config("threads", "many"))).hasMessageContaining("'threads'");
    }

    @Test
    void rootThroughASymbolicLinkIsResolved() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThat(FilesystemSettings.parse(config("root", link.toString())).root()).isEqualTo(real.toRealPath());
    }

    @Test
    void refusesARootItCannotWrite() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "the superuser can write to any directory, so an unwritable root cannot be made here");
        Path ro = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> FilesystemSettings.parse(config("root", ro.toString())))
                    .hasMessageContaining("is not writable").hasMessageContaining("write permission");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void documentsEveryKeyItReads() {
        assertThat(new FilesystemProvider().configKeys()).extracting(ConfigKey::name)
                .containsExactly("root", "chunkSize", "fsync", "threads");
        assertThat(new FilesystemProvider().configKeys()).filteredOn(ConfigKey::required).extracting(ConfigKey::name)
                .containsExactly("root");
        assertThat(new FilesystemProvider().configKeys()).noneMatch(ConfigKey::secret);
    }
}
