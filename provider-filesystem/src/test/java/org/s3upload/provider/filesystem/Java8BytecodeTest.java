package org.s3upload.provider.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The provider runs inside Wowza on Java 8: every shipped class must be Java 8 (major 52) bytecode. */
class Java8BytecodeTest {

    @Test
    void everyShippedClassIsJava8Bytecode() throws Exception {
        Path classes = Paths.get(FilesystemProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f); DataInputStream d = new DataInputStream(in)) {
                assertThat(d.readInt()).isEqualTo(0xCAFEBABE);
                d.readUnsignedShort();
                assertThat(d.readUnsignedShort()).as("class file major version of " + classes.relativize(f)).isEqualTo(52);
            }
        }
    }
}
