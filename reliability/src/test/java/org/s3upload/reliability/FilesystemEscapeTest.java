package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.wowza.host.Bucket;

/**
 * Nothing the module is given — prefixes, key templates, stream names, recording names, a
 * symlinked folder in the storage root — makes the filesystem provider write outside its root.
 * A refused key is a permanent failure: the recording stays, its marker says FAILED and why.
 */
class FilesystemEscapeTest {
    @TempDir
    Path dir;

    @Test
    void keysMadeOfDotDotOrAbsolutePathsNeverLeaveTheRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("store/root"));
        Path outside = root.getParent();
        // A prefix climbing out of the root, and a template using the stream name (which Wowza takes from the client).
        try (Host h = Host.filesystem(dir.resolve("content"), root)) {
            h.set("s3UploadFilePrefix", "../../escaped").start();
            Path rec = h.write("a.mp4", Host.bytes(1000, 1));
            h.finish(rec);
            h.awaitSettled(0, 1);
            assertThat(rec).exists();
            assertThat(Files.readString(h.content.resolve("a.mp4.upload"))).contains("\"state\":\"FAILED\"")
                    .contains("..");
            assertThat(h.log.count("ERROR", "a.mp4")).isEqualTo(1);
        }
        try (Host h = Host.filesystem(dir.resolve("content2"), root)) {
            h.set("s3UploadKeyTemplate", "${stream}/${file}").start();
            Path rec = h.write("b.mp4", Host.bytes(1000, 2));
            h.app.finishRecording(rec, "..");
            Path rec2 = h.write("c.mp4", Host.bytes(1000, 3));
            h.app.finishRecording(rec2, "../../../../etc");
            h.awaitSettled(1, 1);
            assertThat(rec).as("refused, so kept").exists();
            assertThat(Files.readString(h.content.resolve("b.mp4.upload"))).contains("\"state\":\"FAILED\"");
        }
        try (Host h = Host.filesystem(dir.resolve("content3"), root)) {
            // A leading '/' is dropped by the module: the object lands inside the root.
            h.set("s3UploadFilePrefix", "/" + outside.resolve("abs")).start();
            Path rec = h.write("x..y.mp4", Host.bytes(1000, 4));
            h.finish(rec);
            h.awaitSettled(1, 0);
        }
        try (Stream<Path> s = Files.walk(outside)) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> !p.startsWith(root)))
                    .as("nothing written outside the root").isEmpty();
        }
        Map<String, byte[]> objects = Bucket.objects(root);
        assertThat(objects.keySet()).hasSize(2).anyMatch(k -> k.endsWith("/x..y.mp4") && k.contains("abs"))
                .anyMatch(k -> k.equals("etc/c.mp4"));
    }

    @Test
    void aSymlinkedFolderInTheRootPointingOutsideIsRefused() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("shows"), elsewhere);
        try (Host h = Host.filesystem(dir.resolve("content"), root)) {
            h.start();
            Path rec = h.write("shows/e.mp4", Host.bytes(2000, 5));
            h.finish(rec);
            h.awaitSettled(0, 1);
            assertThat(rec).exists();
            assertThat(Files.readString(h.content.resolve("shows/e.mp4.upload"))).contains("\"state\":\"FAILED\"");
            assertThat(h.log.at("ERROR")).hasSize(1);
            assertThat(h.log.at("ERROR").get(0)).contains("shows/e.mp4");
        }
        try (Stream<Path> s = Files.walk(elsewhere)) {
            assertThat(s.filter(p -> !p.equals(elsewhere))).as("nothing written through the link").isEmpty();
        }
    }

    @Test
    void aSymlinkedFolderInTheStorageDirectoryUploadsInsideTheRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path realDir = Files.createDirectories(dir.resolve("real-recordings"));
        Path content = Files.createDirectories(dir.resolve("content"));
        Files.createSymbolicLink(content.resolve("linked"), realDir);
        try (Host h = Host.filesystem(content, root)) {
            h.start();
            Path rec = h.write("linked/f.mp4", Host.bytes(3000, 6));
            h.finish(rec);
            h.awaitSettled(1, 0);
        }
        assertThat(Bucket.objects(root)).containsOnlyKeys("linked/f.mp4");
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("f.mp4")).filter(p -> !p.startsWith(root))
                    .filter(p -> !p.startsWith(content)).filter(p -> !p.startsWith(realDir))).isEmpty();
        }
    }
}
