package org.s3upload.provider.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.s3upload.api.ObjectKeys;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;

/** Keys must never reach outside the root: not by '..', absolute paths, backslashes or symbolic links. */
class FilesystemKeysTest {
    @TempDir
    Path base;
    Path root;
    Path outside;
    Path source;
    UploadTarget target;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectory(base.resolve("root"));
        outside = Files.createDirectory(base.resolve("outside"));
        source = Files.write(base.resolve("source.bin"), "recording".getBytes(StandardCharsets.US_ASCII));
        target = new FilesystemProvider().create(Collections.singletonMap("root", root.toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        target.close();
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).as("nothing was written outside the root").allMatch(p -> p.getFileName().toString().equals("secret.txt"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/x.bin", "a/../../outside/x.bin", "a/..", "./x.bin", "a/./x.bin"})
    void refusesDotSegments(String key) {
        assertRefused(key, "'.' or '..' segments");
    }

    @Test
    void refusesAbsoluteBackslashNulEmptySegmentsAndDirectories() {
        assertRefused(outside.resolve("x.bin").toString(), "leading '/'");
        assertRefused("a\\..\\..\\outside\\x.bin", "'\\'");
        assertRefused("C:\\x.bin", "'\\'");
        assertRefused("a//x.bin", "empty segment");
        assertRefused("a/dir/", "must not end with '/'");
        assertRefused("a\0b", "NUL");
    }

    @Test
    void refusesNamesOfItsOwnHiddenFilesAndOverlongSegments() {
        assertRefused("a/.x.mp4.s3upload-meta", "reserved");
        assertRefused(".x.mp4.s3upload-partial-0123456789abcdef", "reserved");
        assertRefused("a/" + "n".repeat(201) + ".mp4", "at most 200 bytes");
    }

    @Test
    void refusesASymbolicLinkToADirectoryOutsideTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        assertRefused("escape/x.bin", "symbolic link to '" + outside.toRealPath() + "'");
        assertThatThrownBy(() -> target.stat("escape/x.bin")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> target.listIncomplete("escape/")).hasMessageContaining("symbolic link");
    }

    @Test
    void refusesASymlinkedParentDirectoryDeeperInThePath() throws Exception {
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/b"), outside);
        assertRefused("a/b/c/x.bin", "'a/b' is a symbolic link");
        assertThat(outside.resolve("c")).doesNotExist();
    }

    @Test
    void refusesAFileLinkOutsideSoStatCannotReadIt() throws Exception {
        Path secret = Files.write(outside.resolve("secret.txt"), "secret".getBytes(StandardCharsets.US_ASCII));
        Files.createSymbolicLink(root.resolve("link.txt"), secret);
        assertRefused("link.txt", "symbolic link");
        assertThatThrownBy(() -> target.stat("link.txt")).isInstanceOf(UploadException.class);
        assertThat(Files.readAllBytes(secret)).isEqualTo("secret".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void refusesADanglingLink() throws Exception {
        Files.createSymbolicLink(root.resolve("dangling"), base.resolve("nowhere"));
        assertRefused("dangling/x.bin", "cannot be followed");
    }

    @Test
    void followsALinkThatStaysInsideTheRoot() throws Exception {
        Path real = Files.createDirectory(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("alias"), real);
        target.start(UploadRequest.builder(source, "alias/x.bin").build(), UploadListener.NONE).await(30, TimeUnit.SECONDS);
        assertThat(real.resolve("x.bin")).hasSameBinaryContentAs(source);
        assertThat(target.stat("alias/x.bin")).isPresent();
    }

    @Test
    void refusesKeysThatClashWithFilesAndDirectoriesOnDisk() throws Exception {
        Files.write(root.resolve("plain"), new byte[1]);
        Files.createDirectories(root.resolve("folder/sub"));
        assertRefused("plain/x.bin", "'plain' is a file");
        assertRefused("folder/sub", "a directory already exists");
        assertThat(target.stat("plain/x.bin")).isEmpty();
        assertThat(target.stat("folder/sub")).isEmpty();
    }

    @Test
    void hiddenFilesNeverShowAsObjects() throws Exception {
        target.start(UploadRequest.builder(source, "v.mp4").build(), UploadListener.NONE).await(30, TimeUnit.SECONDS);
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("v.mp4", ".v.mp4.s3upload-meta");
        }
        assertThatThrownBy(() -> target.stat(".v.mp4.s3upload-meta")).hasMessageContaining("reserved");
        assertThat(target.listIncomplete("")).isEmpty();
    }

    private void assertRefused(String key, String rule) {
        if (ObjectKeys.problem(key) != null) {
            // A key every provider refuses never reaches one: the request cannot be built.
            assertThatThrownBy(() -> UploadRequest.builder(source, key)).as("key %s", key)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(rule);
            return;
        }
        assertThatThrownBy(() -> target.start(UploadRequest.builder(source, key).build(), UploadListener.NONE))
                .as("key %s", key)
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
                    assertThat(e.getMessage()).contains(rule);
                    if (key.indexOf('\0') < 0) {
                        assertThat(e.getMessage()).contains(key.length() > 200 ? key.substring(0, 200) : key);
                    }
                });
    }
}
