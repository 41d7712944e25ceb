package org.s3upload.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class UploadRequestTest {
    private static final Path FILE = Paths.get("rec.mp4");

    @Test
    void anInvalidKeyIsRefusedWhereTheRequestIsBuiltNamingKeyAndRule() {
        // Providers are never handed such a key: the check cannot be forgotten by one of them.
        String tooLong = "k/" + "x".repeat(ObjectKeys.MAX_KEY_BYTES);
        assertThatThrownBy(() -> UploadRequest.builder(FILE, "/abs/rec.mp4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid object key '/abs/rec.mp4': a key is relative: remove the leading '/'");
        assertThatThrownBy(() -> UploadRequest.builder(FILE, "")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> UploadRequest.builder(FILE, "a\0b")).hasMessageContaining("'a\\0b'");
        assertThatThrownBy(() -> UploadRequest.builder(FILE, tooLong)).hasMessageContaining("at most 1024 bytes");
    }

    @Test
    void buildsAnImmutableRequestWithAnAbsoluteFile() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("stream-name", "cam1");
        meta.put("a1", " printable ~ ascii ");
        UploadRequest r = UploadRequest.builder(FILE, "k/rec.mp4").contentType("video/mp4").metadata(meta)
                .md5("d41d8cd98f00b204e9800998ecf8427e").build();
        assertThat(r.file().isAbsolute()).isTrue();
        assertThat(r.key()).isEqualTo("k/rec.mp4");
        assertThat(r.contentType()).contains("video/mp4");
        assertThat(r.metadata()).containsExactlyEntriesOf(meta);
        assertThat(r.md5()).contains("d41d8cd98f00b204e9800998ecf8427e");
        assertThatThrownBy(() -> r.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        meta.put("later", "x");
        assertThat(r.metadata()).doesNotContainKey("later");
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(UploadRequest.builder(FILE, "k/rec.mp4").build().contentType()).isEmpty();
    }

    @Test
    void rejectsMetadataNamesThatAreNotLowercaseAsciiLettersDigitsAndDash() {
        for (String bad : new String[] {"Upper", "under_score", "-leading", "space name", "ü", ""}) {
            assertThatThrownBy(() -> UploadRequest.builder(FILE, "k").metadata(bad, "v"))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void rejectsMetadataValuesOutsidePrintableAscii() {
        assertThatThrownBy(() -> UploadRequest.builder(FILE, "k").metadata("name", "line\nbreak"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name'").hasMessageContaining("index 4");
        assertThatThrownBy(() -> UploadRequest.builder(FILE, "k").metadata("name", "café"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 3");
        assertThatThrownBy(() -> UploadRequest.builder(FILE, "k").metadata("name", "\u007f"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UploadRequest.builder(FILE, "k").metadata("name", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
    }

    @Test
    void rejectsMalformedMd5() {
        assertThatThrownBy(() -> UploadRequest.builder(FILE, "k").md5("D41D8CD98F00B204E9800998ECF8427E"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 lowercase hex");
        assertThat(UploadRequest.builder(FILE, "k").md5(null).build().md5()).isEmpty();
    }

    @Test
    void rejectsContentTypesThatCouldInjectAHeader() {
        for (String bad : new String[] {"video/mp4\r\nX-Evil: 1", "video/mp4\n", "vid\u00e9o/mp4", "  "}) {
            assertThatThrownBy(() -> UploadRequest.builder(FILE, "k").contentType(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content type");
        }
        assertThat(UploadRequest.builder(FILE, "k").contentType("application/vnd.apple.mpegurl; charset=utf-8").build()
                .contentType()).contains("application/vnd.apple.mpegurl; charset=utf-8");
    }
}
