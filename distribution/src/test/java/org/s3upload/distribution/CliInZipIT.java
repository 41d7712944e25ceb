package org.s3upload.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's download carries the command-line tool, and it runs from the unpacked zip as a separate process. */
class CliInZipIT {
    @TempDir
    Path dir;

    private Path unpacked() throws IOException {
        Path zip = Path.of(System.getProperty("distribution.zip"));
        Path root = null;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                Path out = dir.resolve(e.getName()).normalize();
                assertThat(out.startsWith(dir)).as("entry %s stays inside", e.getName()).isTrue();
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, out);
                }
                if (e.getName().endsWith("/bin/s3upload-cli.jar")) {
                    root = out.getParent().getParent();
                }
            }
        }
        assertThat(root).as("bin/s3upload-cli.jar in " + zip).isNotNull();
        return root;
    }

    @Test
    void theZipShipsAnExecutableJava8CliJarWithPicocliRelocated() throws IOException {
        ShippedJar cli = ShippedJar.open(unpacked().resolve("bin/s3upload-cli.jar"));
        assertThat(cli.manifestAttribute("Main-Class")).isEqualTo("org.s3upload.cli.S3UploadCli");
        assertThat(cli.classesNewerThanJava8()).isEmpty();
        assertThat(cli.classes()).contains("org/s3upload/cli/S3UploadCli.class",
                "org/s3upload/wowza/engine/MarkerInventory.class", "org/s3upload/api/UploadTargets.class")
                .anyMatch(c -> c.startsWith("org/s3upload/shaded/picocli/"))
                .allMatch(c -> c.startsWith("org/s3upload/"));
        assertThat(cli.entries).as("the tool registers no provider; the operator's provider JAR does")
                .doesNotContain("META-INF/services/org.s3upload.spi.UploadTargetProvider");
    }

    @Test
    void helpRunsAsASeparateJavaProcess() throws Exception {
        Path root = unpacked();
        Result r = java(root, "-jar", "bin/s3upload-cli.jar", "--help");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("Usage: s3upload").contains("status").contains("orphans").contains("abort")
                .contains("Exit status: 0 ok");
    }

    /** Without --provider-jar the tool takes the providers in the distribution's lib/, and s3UploadTarget picks one. */
    @Test
    void orphansFindsTheProviderInTheDistributionsLib() throws Exception {
        Path root = unpacked();
        Path store = Files.createDirectories(dir.resolve("store"));
        Path config = dir.resolve("fs.properties");
        Files.writeString(config, "s3UploadTarget=filesystem\ns3Upload.filesystem.root=" + store.toString().replace("\\", "/") + "\n");
        Result r = java(root, "-jar", "bin/s3upload-cli.jar", "orphans", "--config", config.toString(), "--older-than", "1s");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("Incomplete uploads in").contains("0 listed");
    }

    private record Result(int exit, String output) {
    }

    private static Result java(Path workDir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("test.java.home", System.getProperty("java.home")), "bin", "java").toString());
        Collections.addAll(cmd, args);
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
