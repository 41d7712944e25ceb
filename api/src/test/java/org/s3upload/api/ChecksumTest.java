package org.s3upload.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;

class ChecksumTest {
    @TempDir
    Path dir;

    @Test
    void textFormRoundTripsAndAPlainMd5ParsesAsAnMd5() {
        Checksum md5 = Checksum.parse("900150983cd24fb0d6963f7d28e17f72");
        assertThat(md5.kind()).isEqualTo(Checksum.Kind.MD5);
        assertThat(md5.etag()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        Checksum parts = Checksum.parse("9b2cf535f27731c974343645a3985328-128/8388608");
        assertThat(parts.kind()).isEqualTo(Checksum.Kind.PART_MD5S);
        assertThat(parts.parts()).isEqualTo(128);
        assertThat(parts.partSize()).isEqualTo(8388608);
        assertThat(parts.etag()).isEqualTo("9b2cf535f27731c974343645a3985328-128");
        assertThat(Checksum.parse(parts.toString())).isEqualTo(parts);
        assertThat(parts).isNotEqualTo(Checksum.partMd5s(parts.hex(), 128, 5 << 20));
        assertThatThrownBy(() -> Checksum.parse("9b2cf535f27731c974343645a3985328-128"))
                .hasMessageContaining("9b2cf535f27731c974343645a3985328-128").hasMessageContaining("<partSize>");
    }

    @Test
    void partChecksumOfAFileIsTheMd5OfItsPartMd5s() throws Exception {
        byte[] data = new byte[(3 << 20) + 12345];
        new Random(7).nextBytes(data);
        Path f = Files.write(dir.resolve("f"), data);
        long partSize = 1 << 20;
        MessageDigest all = Checksums.newMd5();
        for (int off = 0; off < data.length; off += partSize) {
            all.update(Checksums.newMd5().digest(Arrays.copyOfRange(data, off, (int) Math.min(data.length, off + partSize))));
        }
        Checksum like = Checksum.partMd5s("00000000000000000000000000000000", 1, partSize);
        Checksum c = Checksums.of(f, like);
        assertThat(c).isEqualTo(Checksum.partMd5s(Checksums.hex(all.digest()), 4, partSize));
        assertThat(Checksums.of(f, Checksum.md5("00000000000000000000000000000000")))
                .isEqualTo(Checksum.md5(Checksums.md5Hex(f)));

        RemoteObject same = new RemoteObject("k", data.length, c, null, null);
        assertThat(Checksums.holdsFile(same, f)).isTrue();
        data[(2 << 20) + 5] ^= 1;
        Path other = Files.write(dir.resolve("other"), data);
        assertThat(Checksums.holdsFile(same, other)).as("one byte differs in part 3").isFalse();
        assertThat(Checksums.holdsFile(new RemoteObject("k", data.length, (Checksum) null, null, null), f))
                .as("no checksum proves nothing").isFalse();
    }

    @Test
    void aResultIsConfirmedOnlyBySameSizeAndChecksumOrByNoneWhereItNeverReliedOnOne() {
        Checksum c = Checksum.partMd5s("9b2cf535f27731c974343645a3985328", 2, 5 << 20);
        UploadResult stored = new UploadResult("k", 6 << 20, c, UploadResult.Proof.STORED_CHECKSUM, 6 << 20);
        UploadResult accepted = new UploadResult("k", 6 << 20, c, UploadResult.Proof.ACCEPTED_DIGESTS, 6 << 20);
        RemoteObject withIt = new RemoteObject("k", 6 << 20, c, null, null);
        RemoteObject without = new RemoteObject("k", 6 << 20, (Checksum) null, null, null);
        RemoteObject other = new RemoteObject("k", 6 << 20, Checksum.partMd5s("0b2cf535f27731c974343645a3985328", 2, 5 << 20), null, null);
        assertThat(stored.confirmedBy(withIt)).isTrue();
        assertThat(stored.confirmedBy(without)).isFalse();
        assertThat(stored.confirmedBy(other)).isFalse();
        assertThat(accepted.confirmedBy(without)).isTrue();
        assertThat(accepted.confirmedBy(other)).isFalse();
        assertThat(accepted.confirmedBy(new RemoteObject("k", 1, (Checksum) null, null, null))).isFalse();
        assertThat(stored.md5()).isEmpty();
    }
}
