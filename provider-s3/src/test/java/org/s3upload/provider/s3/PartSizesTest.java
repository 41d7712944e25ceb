package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartSizesTest {
    private static final long MIB = 1L << 20;
    private static final long TIB = 1L << 40;

    @Test
    void keepsConfiguredSizeWhileTenThousandPartsSuffice() {
        assertThat(PartSizes.forFile(0, 8 * MIB)).isEqualTo(8 * MIB);
        assertThat(PartSizes.forFile(200 * MIB, 8 * MIB)).isEqualTo(8 * MIB);
        assertThat(PartSizes.forFile(10_000 * 8 * MIB, 8 * MIB)).isEqualTo(8 * MIB);
        assertThat(PartSizes.partCount(10_000 * 8 * MIB, 8 * MIB)).isEqualTo(10_000);
    }

    @Test
    void growsToWholeMibSoHugeFilesStayWithinTenThousandParts() {
        long size = 10_000 * 8 * MIB + 1;
        long part = PartSizes.forFile(size, 8 * MIB);
        assertThat(part).isEqualTo(9 * MIB);
        assertThat(PartSizes.partCount(size, part)).isLessThanOrEqualTo(10_000);

        long fiveTib = 5 * TIB;
        long big = PartSizes.forFile(fiveTib, 8 * MIB);
        assertThat(big % MIB).as("a whole number of MiB").isZero();
        assertThat(PartSizes.partCount(fiveTib, big)).isLessThanOrEqualTo(10_000);
        assertThat(big).isEqualTo(525 * MIB); // ceil(5 TiB / 10,000) = 524.29 MiB, rounded up
        assertThat(big).isLessThanOrEqualTo(PartSizes.MAX_PART);

        long odd = 3 * TIB + 12345;
        long p = PartSizes.forFile(odd, 5 * MIB);
        assertThat(PartSizes.partCount(odd, p)).isLessThanOrEqualTo(10_000);
        assertThat(PartSizes.partCount(odd, p - MIB)).as("the smallest whole-MiB size that fits").isGreaterThan(10_000);
    }

    @Test
    void sdkResumeSizeFollowsTransferManagerUtils() {
        assertThat(PartSizes.sdkPartSize(100 * MIB, 5 * MIB)).isEqualTo(5 * MIB);
        assertThat(PartSizes.sdkPartSize(10_000L * 5 * MIB + 10_000, 5 * MIB)).isEqualTo(5 * MIB + 1);
    }

    @Test
    void partLengthsCoverTheFileExactly() {
        long size = 3 * 5 * MIB + 17;
        long part = 5 * MIB;
        int n = PartSizes.partCount(size, part);
        assertThat(n).isEqualTo(4);
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += PartSizes.partLength(size, part, i);
        }
        assertThat(sum).isEqualTo(size);
        assertThat(PartSizes.partLength(size, part, 4)).isEqualTo(17);
        assertThat(PartSizes.partCount(0, part)).isEqualTo(1);
    }
}
