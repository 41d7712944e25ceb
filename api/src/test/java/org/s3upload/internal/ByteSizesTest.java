package org.s3upload.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest
    @CsvSource({"0,0", "8388608,8388608", "17B,17", "64k,65536", "64KB,65536", "64KiB,65536", "8M,8388608",
            "8mb,8388608", "8 MiB,8388608", "' 8MiB ',8388608", "1GiB,1073741824", "2g,2147483648",
            "8589934591GiB,9223372035781033984"})
    void readsBinarySizes(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-5", "1.5MiB", "8 TiB", "8MiBs", "MiB", "8 Mi", "8589934592GiB",
            "99999999999999999999", "0x10"})
    void rejectsEverythingElse(String text) {
        assertThat(ByteSizes.parse(text)).isEqualTo(-1);
    }

    @org.junit.jupiter.api.Test
    void nullIsNotASize() {
        assertThat(ByteSizes.parse(null)).isEqualTo(-1);
    }
}
