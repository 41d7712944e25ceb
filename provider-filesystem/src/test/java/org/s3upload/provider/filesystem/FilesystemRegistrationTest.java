package org.s3upload.provider.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.s3upload.api.ProviderDiscovery;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;

/** Catches a missing or mistyped META-INF/services entry, the commonest provider packaging mistake. */
class FilesystemRegistrationTest {

    @Test
    void serviceLoaderFindsTheProviderExactlyOnce() {
        List<String> ids = new ArrayList<>();
        for (UploadTargetProvider p : ServiceLoader.load(UploadTargetProvider.class, getClass().getClassLoader())) {
            ids.add(p.id());
            if (p.id().equals("filesystem")) {
                assertThat(p).isInstanceOf(FilesystemProvider.class);
            }
        }
        assertThat(ids).containsOnlyOnce("filesystem");
    }

    @Test
    void discoveryReturnsItUnderItsId() throws Exception {
        assertThat(UploadTargets.provider("filesystem")).isInstanceOf(FilesystemProvider.class);
        assertThat(UploadTargets.provider(" filesystem ")).isInstanceOf(FilesystemProvider.class);
        ProviderDiscovery d = UploadTargets.discover();
        assertThat(d.providers()).containsKey("filesystem");
        assertThat(d.conflicts()).isEmpty();
        assertThat(d.problems()).isEmpty();
    }
}
