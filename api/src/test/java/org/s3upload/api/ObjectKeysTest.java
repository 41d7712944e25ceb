package org.s3upload.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void acceptsOrdinaryKeys() throws Exception {
        assertThat(ObjectKeys.check("a")).isEqualTo("a");
        assertThat(ObjectKeys.check("live/2026/11/25/cam 1 ü.mp4")).isEqualTo("live/2026/11/25/cam 1 ü.mp4");
        assertThat(ObjectKeys.problem("x".repeat(ObjectKeys.MAX_KEY_BYTES))).isNull();
    }

    @Test
    void rejectsEmptyNullNulAndLeadingSlash() {
        assertThat(ObjectKeys.problem(null)).contains("empty");
        assertThat(ObjectKeys.problem("")).contains("empty");
        assertThat(ObjectKeys.problem("a\0b")).contains("NUL");
        assertThat(ObjectKeys.problem("/a")).contains("leading '/'");
        assertThatThrownBy(() -> ObjectKeys.check("a\0b")).isInstanceOfSatisfying(UploadException.class, e -> {
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("a\\0b").doesNotContain("\0");
        });
        assertThatThrownBy(() -> ObjectKeys.check("/abs/key")).hasMessageContaining("'/abs/key'");
    }

    @Test
    void countsTheLimitInUtf8Bytes() {
        String justOver = "x".repeat(ObjectKeys.MAX_KEY_BYTES - 1) + "ü"; // 1023 + 2 bytes
        assertThat(justOver.length()).isEqualTo(ObjectKeys.MAX_KEY_BYTES);
        assertThat(ObjectKeys.problem(justOver)).contains("1025");
        assertThatThrownBy(() -> ObjectKeys.check("k".repeat(5000))).isInstanceOf(UploadException.class)
                .hasMessageContaining("...") // long keys are shortened in the message
                .hasMessageContaining("5000");
    }
}
