package org.s3upload.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
    @TempDir
    Path dir;

    @Test
    void md5OfFilesMatchesKnownVectors() throws Exception {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path abc = Files.write(dir.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(Checksums.md5Hex(empty)).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(Checksums.md5Hex(abc)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void md5OfFileLargerThanTheBufferMatchesTheDigestOfItsBytes() throws Exception {
        byte[] data = new byte[(1 << 16) * 3 + 7];
        new Random(1).nextBytes(data);
        Path f = Files.write(dir.resolve("big"), data);
        assertThat(Checksums.md5Hex(f)).isEqualTo(Checksums.hex(Checksums.newMd5().digest(data)));
    }

    @Test
    void missingFileFails() {
        assertThatThrownBy(() -> Checksums.md5Hex(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void hexAndIsMd5Hex() {
        assertThat(Checksums.hex(new byte[] {0, 15, 16, (byte) 0xff})).isEqualTo("000f10ff");
        assertThat(Checksums.isMd5Hex("d41d8cd98f00b204e9800998ecf8427e")).isTrue();
        assertThat(Checksums.isMd5Hex("D41D8CD98F00B204E9800998ECF8427E")).as("uppercase").isFalse();
        assertThat(Checksums.isMd5Hex("d41d8cd98f00b204e9800998ecf8427")).as("31 digits").isFalse();
        assertThat(Checksums.isMd5Hex("g41d8cd98f00b204e9800998ecf8427e")).isFalse();
        assertThat(Checksums.isMd5Hex(null)).isFalse();
    }
}
