package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {
    @ParameterizedTest
    @CsvSource({"a.mp4,video/mp4", "b.FLV,video/x-flv", "c.f4v,video/mp4", "d.mov,video/quicktime", "e.m4a,audio/mp4",
            "f.mp3,audio/mpeg", "g.aac,audio/aac", "h.ts,video/mp2t", "i.m3u8,application/vnd.apple.mpegurl",
            "j.webm,video/webm", "k.bin,application/octet-stream", "noextension,application/octet-stream",
            "dir.mp4/file,application/octet-stream", "trailingdot.,application/octet-stream"})
    void mapsExtensions(String name, String type) {
        assertThat(ContentTypes.forName(name)).isEqualTo(type);
    }
}
