package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.s3upload.api.ProviderDiscovery;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;

class ProviderRegistrationTest {
    @Test
    void serviceLoaderFindsTheProviderUnderItsId() throws Exception {
        ProviderDiscovery d = UploadTargets.discover(getClass().getClassLoader());
        assertThat(d.problems()).isEmpty();
        assertThat(d.providers()).containsKey("s3");
        UploadTargetProvider p = UploadTargets.provider("s3", getClass().getClassLoader());
        assertThat(p).isInstanceOf(S3UploadTargetProvider.class);
        assertThat(p.spiVersion()).isEqualTo(UploadTargetProvider.SPI_VERSION);
    }
}
