package org.s3upload.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.s3upload.api.UploadException;
import org.s3upload.spi.ConfigKey;

class SettingsReaderTest {
    static final Setting<String> URL = Setting.text("url", "Where to.").required("set it to a URL");
    static final Setting<String> TOKEN = Setting.text("token", "The token.").secret();
    static final Setting<Boolean> FSYNC = Setting.flag("fsync", true, "Force to disk.");
    static final Setting<Integer> THREADS = Setting.wholeNumber("threads", 4, 1, 64, "Parallel uploads.");
    static final Setting<Long> CHUNK = Setting.size("chunk", 8L << 20, 4L << 10, 1L << 30, "Chunk size.");
    static final List<Setting<?>> ALL = Arrays.asList(URL, TOKEN, FSYNC, THREADS, CHUNK);

    private static Map<String, String> config(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void absentKeysReadAsTheirDefaultsAndValuesAreTrimmed() {
        SettingsReader r = new SettingsReader(config("url", " https://h/ ", "threads", " ", "chunk", "64 KiB", "fsync", "FALSE"));
        assertThat(r.get(URL)).isEqualTo("https://h/");
        assertThat(r.get(TOKEN)).isNull();
        assertThat(r.get(THREADS)).isEqualTo(4);
        assertThat(r.get(CHUNK)).isEqualTo(64L << 10);
        assertThat(r.get(FSYNC)).isFalse();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceNamingTheKeyAndTheFix() {
        SettingsReader r = new SettingsReader(config("fsync", "yes", "threads", "65", "chunk", "1KiB", "token", "oops"));
        assertThat(r.get(URL)).isNull();
        assertThat(r.get(FSYNC)).as("the default after a bad value").isTrue();
        assertThat(r.get(THREADS)).isEqualTo(4);
        assertThat(r.get(CHUNK)).isEqualTo(8L << 20);
        r.problem("'token' is not accepted by the server");
        UploadException e = assertThrows(UploadException.class, () -> r.throwIfInvalid("invalid configuration of provider 'x'"));
        assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
        assertThat(e.getMessage()).isEqualTo("invalid configuration of provider 'x': "
                + "'url' is missing: set it to a URL; "
                + "'fsync' = 'yes' is not a boolean: use true or false; "
                + "'threads' = '65' is not a whole number from 1 to 64; "
                + "'chunk' = '1KiB' is not a size from 4KiB to 1GiB: use bytes or a number with KiB, MiB or GiB (e.g. 8MiB); "
                + "'token' is not accepted by the server");
    }

    @Test
    void aSecretValueIsNeverRepeatedInAMessageOrASummary() {
        Setting<Integer> pin = Setting.wholeNumber("pin", 1, 0, 9, "A PIN.").secret();
        SettingsReader r = new SettingsReader(config("pin", "12345", "token", "s3cr3t", "threads", "2"));
        r.get(pin);
        assertThat(r.problems()).containsExactly("'pin' is not a whole number from 0 to 9");
        assertThat(r.summary(ALL)).isEqualTo("token=****, threads=2");
    }

    @Test
    void theConfigKeysAreDerivedFromTheDeclarations() {
        List<ConfigKey> keys = SettingsReader.keys(ALL);
        assertThat(keys).extracting(ConfigKey::name).containsExactly("url", "token", "fsync", "threads", "chunk");
        assertThat(keys).extracting(ConfigKey::defaultValue).containsExactly(null, null, "true", "4", "8MiB");
        assertThat(keys).filteredOn(ConfigKey::required).extracting(ConfigKey::name).containsExactly("url");
        assertThat(keys).filteredOn(ConfigKey::secret).extracting(ConfigKey::name).containsExactly("token");
        assertThat(keys.get(0).description()).isEqualTo("Where to.");
        assertThat(Setting.text("signer", "How.").whenAbsent("v4").key().defaultValue()).isEqualTo("v4");
    }

    @Test
    void aDefaultOutsideItsRangeIsADeclarationError() {
        assertThrows(IllegalArgumentException.class, () -> Setting.wholeNumber("n", 0, 1, 64, "x"));
        assertThrows(IllegalArgumentException.class, () -> Setting.size("s", 1, 1024, 2048, "x"));
    }
}
