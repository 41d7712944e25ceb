package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRatesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1048576, 1048576",
        "' 2000 ', 2000",
        "512K, 524288",
        "10MB, 10485760",
        "10 MiB/s, 10485760",
        "10mb/s, 10485760",
        "1GiB, 1073741824",
        "80Mbit, 10000000",
        "80 Mbit/s, 10000000",
        "100kbit, 12500",
        "1Gbit, 125000000",
    })
    void readsBytesAndBitRates(String text, long expected) {
        assertThat(ByteRates.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fast", "-5", "1.5MB", "10 MB per second", "10TB", "99999999999999999999", "/s",
            "9223372036854775807Gbit"})
    void refusesWhatIsNotARate(String text) {
        assertThat(ByteRates.parse(text)).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({"0, no cap", "10000000, '10000000 bytes/s (9.5 MiB/s, 80.0 Mbit/s)'"})
    void describesRatesForTheLog(long rate, String expected) {
        assertThat(ByteRates.describe(rate)).isEqualTo(expected);
    }
}
