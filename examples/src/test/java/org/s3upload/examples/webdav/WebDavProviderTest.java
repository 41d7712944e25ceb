package org.s3upload.examples.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.s3upload.spi.ConfigKey;
import org.s3upload.api.ProviderDiscovery;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;

/** Registration and configuration: what a third-party provider most often gets wrong. */
class WebDavProviderTest {

    @Test
    void serviceLoaderFindsTheProviderUnderItsId() throws Exception {
        List<UploadTargetProvider> found = new ArrayList<>();
        ServiceLoader.load(UploadTargetProvider.class).forEach(found::add);
        assertThat(found).filteredOn(p -> p.id().equals("webdav")).singleElement().isInstanceOf(WebDavProvider.class);

        ProviderDiscovery d = UploadTargets.discover(getClass().getClassLoader());
        assertThat(d.problems()).isEmpty();
        assertThat(d.conflicts()).doesNotContainKey("webdav");
        assertThat(d.providers().get("webdav")).isInstanceOf(WebDavProvider.class);
        assertThat(UploadTargets.provider("webdav")).isInstanceOf(WebDavProvider.class);
    }

    @Test
    void declaresItsKeysWithThePasswordSecret() {
        Map<String, ConfigKey> keys = new LinkedHashMap<>();
        new WebDavProvider().configKeys().forEach(k -> keys.put(k.name(), k));
        assertThat(keys).containsOnlyKeys("url", "username", "password", "connectTimeoutMs", "readTimeoutMs");
        assertThat(keys.get("url").required()).isTrue();
        assertThat(keys.values()).filteredOn(ConfigKey::secret).extracting(ConfigKey::name).containsExactly("password");
        assertThat(keys.get("connectTimeoutMs").defaultValue()).isEqualTo("10000");
    }

    @Test
    void createDoesNoNetworkIoAndNormalisesTheUrl() throws Exception {
        // Nothing listens on port 9 of a TEST-NET address; create must still succeed.
        try (UploadTarget t = new WebDavProvider().create(cfg("url", "http://192.0.2.1:9/dav/recordings"))) {
            assertThat(t.fingerprint()).isEqualTo("webdav http://192.0.2.1:9/dav/recordings/");
            assertThat(t.providerId()).isEqualTo("webdav");
        }
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheKeys() {
        Map<String, String> c = cfg("username", "bob", "connectTimeoutMs", "0", "readTimeoutMs", "1.5");
        UploadException e = assertThrows(UploadException.class, () -> new WebDavProvider().create(c));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("'url' is missing").contains("'password' is missing")
                .contains("'connectTimeoutMs' = '0'").contains("'readTimeoutMs' = '1.5'");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutRepeatingThem() {
        UploadException e = assertThrows(UploadException.class,
                () -> new WebDavProvider().create(cfg("url", "https://bob:Hunter2-secret@dav.example.com/rec/")));
        assertThat(e.getMessage()).contains("'url'").contains("'username'").doesNotContain("Hunter2-secret");
        UploadException bad = assertThrows(UploadException.class,
                () -> new WebDavProvider().create(cfg("url", "https://bob:Hunter2 secret@dav.example.com/")));
        assertThat(bad.getMessage()).contains("'url'").doesNotContain("Hunter2");
    }

    @Test
    void refusesOtherSchemesQueriesAndDotSegments() {
        for (String url : new String[] {"ftp://h/x/", "dav.example.com/rec/", "https://h/x/?a=b", "https://h/a/../b/", "https:///x/"}) {
            UploadException e = assertThrows(UploadException.class, () -> new WebDavProvider().create(cfg("url", url)), url);
            assertThat(e.getMessage()).as(url).contains("'url'");
        }
    }

    @Test
    void configurationTextHidesThePassword() throws Exception {
        WebDavSettings c = WebDavSettings.parse(cfg("url", "https://h/x", "username", "bob", "password", "Hunter2-secret"));
        assertThat(c.toString()).contains("bob").doesNotContain("Hunter2-secret");
        assertThat(c.authorization()).isEqualTo("Basic Ym9iOkh1bnRlcjItc2VjcmV0");
    }

    private static Map<String, String> cfg(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
