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
    void aLenientFlagTakesTheFormsOlderConfigurationsWroteAndAStrictOneDoesNot() {
        Setting<Boolean> legacy = Setting.lenientFlag("legacy", false, "An old flag.");
        for (String yes : Arrays.asList("true", "TRUE", "yes", "Yes", "1")) {
            assertThat(new SettingsReader(config("legacy", yes)).get(legacy)).as(yes).isTrue();
        }
        for (String no : Arrays.asList("false", "False", "no", "NO", "0")) {
            assertThat(new SettingsReader(config("legacy", no)).get(legacy)).as(no).isFalse();
        }
        SettingsReader r = new SettingsReader(config("legacy", "maybe", "fsync", "1"));
        assertThat(r.get(legacy)).isFalse();
        assertThat(r.get(FSYNC)).as("a strict flag keeps its default").isTrue();
        assertThat(r.problems()).containsExactly(
                "'legacy' = 'maybe' is not a boolean: use true or false (yes/no and 1/0 work too)",
                "'fsync' = '1' is not a boolean: use true or false");
        assertThat(legacy.key().defaultValue()).isEqualTo("false");
    }

    @Test
    void aDurationIsAWholeNumberOfMillisecondsInItsRange() {
        Setting<Long> delay = Setting.millis("delayMs", 0, 0, Long.MAX_VALUE, "Wait.");
        Setting<Long> timeout = Setting.millis("timeoutMs", 10_000, 1, 60_000, "Give up.");
        SettingsReader r = new SettingsReader(config("delayMs", " 90000000000 ", "timeoutMs", "5000"));
        assertThat(r.get(delay)).isEqualTo(90_000_000_000L);
        assertThat(r.get(timeout)).isEqualTo(5000L);
        SettingsReader bad = new SettingsReader(config("delayMs", "-1", "timeoutMs", "1m"));
        assertThat(bad.get(delay)).isZero();
        assertThat(bad.get(timeout)).isEqualTo(10_000L);
        assertThat(bad.problems()).containsExactly(
                "'delayMs' = '-1' is not a duration: use a whole number of milliseconds, at least 0",
                "'timeoutMs' = '1m' is not a duration: use a whole number of milliseconds from 1 to 60000");
        assertThat(timeout.key().defaultValue()).isEqualTo("10000");
        assertThrows(IllegalArgumentException.class, () -> Setting.millis("m", 0, 1, 2, "x"));
    }

    /** Typed values as a host such as Wowza hands them over: Boolean, Integer, Long, Double objects. */
    @Test
    void typedValuesAreReadAsTheyAreAndAnythingElseAsItsText() {
        Setting<Long> delay = Setting.millis("delayMs", 0, 0, Long.MAX_VALUE, "Wait.");
        Map<String, Object> typed = new HashMap<>();
        typed.put("fsync", Boolean.FALSE);
        typed.put("threads", 8L);
        typed.put("chunk", 65536);
        typed.put("delayMs", 2.0d);
        typed.put("url", new StringBuilder(" https://h/ "));
        SettingsReader r = new SettingsReader(typed);
        assertThat(r.get(FSYNC)).isFalse();
        assertThat(r.get(THREADS)).isEqualTo(8);
        assertThat(r.get(CHUNK)).isEqualTo(65536L);
        assertThat(r.get(delay)).isEqualTo(2L);
        assertThat(r.get(URL)).isEqualTo("https://h/");
        assertThat(r.problems()).isEmpty();
        assertThat(r.summary(ALL)).isEqualTo("url=https://h/, fsync=false, threads=8, chunk=65536");

        typed.put("threads", 2.5d);
        typed.put("fsync", 1);
        SettingsReader wrong = new SettingsReader(typed);
        assertThat(wrong.get(THREADS)).as("a fraction is not rounded away").isEqualTo(4);
        assertThat(wrong.get(FSYNC)).isTrue();
        assertThat(wrong.problems()).containsExactly("'threads' = '2.5' is not a whole number from 1 to 64",
                "'fsync' = '1' is not a boolean: use true or false");
    }

    @Test
    void aFallbackAppliesWhenTheSettingIsAbsentOrInvalid() {
        Setting<Boolean> newName = Setting.lenientFlag("deleteOriginal", false, "New spelling.");
        Setting<Boolean> oldName = Setting.lenientFlag("deletOriginal", false, "Old spelling.");
        SettingsReader onlyOld = new SettingsReader(config("deletOriginal", "yes"));
        assertThat(onlyOld.get(newName, onlyOld.get(oldName))).isTrue();
        SettingsReader both = new SettingsReader(config("deletOriginal", "yes", "deleteOriginal", "no"));
        assertThat(both.get(newName, both.get(oldName))).as("the new name wins").isFalse();
        SettingsReader invalid = new SettingsReader(config("deletOriginal", "yes", "deleteOriginal", "perhaps"));
        assertThat(invalid.get(newName, invalid.get(oldName))).isTrue();
        assertThat(invalid.problems()).hasSize(1).allMatch(p -> p.startsWith("'deleteOriginal' = 'perhaps'"));
        SettingsReader missing = new SettingsReader(config());
        assertThat(missing.get(URL, "https://fallback/")).isEqualTo("https://fallback/");
        assertThat(missing.problems()).containsExactly("'url' is missing: set it to a URL");
    }

    @Test
    void aDefaultOutsideItsRangeIsADeclarationError() {
        assertThrows(IllegalArgumentException.class, () -> Setting.wholeNumber("n", 0, 1, 64, "x"));
        assertThrows(IllegalArgumentException.class, () -> Setting.size("s", 1, 1024, 2048, "x"));
    }
}
