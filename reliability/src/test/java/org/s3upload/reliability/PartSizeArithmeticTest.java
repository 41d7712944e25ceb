package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.s3upload.provider.s3.S3Fixtures;

/**
 * Files far too large to write in a test: provider-s3's part-size function keeps every upload
 * within S3's 10,000 parts of at most 5 GiB, growing the configured size in whole MiB only when
 * it must.
 */
class PartSizeArithmeticTest {
    private static final long MIB = 1L << 20;

    @ParameterizedTest(name = "{0} bytes with {1}-byte parts -> {2}")
    @CsvSource({
        // file size,                 configured,   expected part size
        "0,                           8388608,      8388608",
        "83886080000,                 8388608,      8388608",    // exactly 10,000 parts of 8 MiB: no growth
        "83886080001,                 8388608,      9437184",    // one byte more: 9 MiB
        "107374182400,                8388608,      11534336",   // 100 GiB: 10.24 MiB -> 11 MiB
        "1099511627776,               5242880,      110100480",  // 1 TiB: 105 MiB
        "5497558138880,               5242880,      550502400",  // 5 TiB (S3's object limit): 525 MiB
        "5497558138880,               5368709120,   5368709120"  // a configured 5 GiB part already fits
    })
    void partSizeGrowsOnlyAsFarAsTenThousandPartsNeed(long fileSize, long configured, long expected) {
        long part = S3Fixtures.partSizeFor(fileSize, configured);
        assertThat(part).isEqualTo(expected);
        assertThat(part % MIB).isZero();
        assertThat(part).isLessThanOrEqualTo(S3Fixtures.MAX_PART);
        assertThat(S3Fixtures.partCount(fileSize, part)).isLessThanOrEqualTo(S3Fixtures.MAX_PARTS);
        if (part > configured) {
            assertThat(S3Fixtures.partCount(fileSize, part - MIB)).as("a MiB less would need too many parts")
                    .isGreaterThan(S3Fixtures.MAX_PARTS);
        }
    }
}
