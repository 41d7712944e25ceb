package org.s3upload.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {

    @Test
    void knowsRecordingFormatsCaseInsensitively() {
        assertThat(ContentTypes.forKey("live/cam1/rec.mp4")).isEqualTo("video/mp4");
        assertThat(ContentTypes.forKey("REC.MP4")).isEqualTo("video/mp4");
        assertThat(ContentTypes.forKey("a/b.flv")).isEqualTo("video/x-flv");
        assertThat(ContentTypes.forKey("hls/playlist.m3u8")).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(ContentTypes.forKey("hls/seg-1.ts")).isEqualTo("video/mp2t");
    }

    @Test
    void fallsBackWhereThereIsNoKnownExtension() {
        assertThat(ContentTypes.forKey("noextension")).isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.forKey("dir.mp4/noextension")).as("a dot in a folder is no extension").isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.forKey("a/.mp4")).as("a hidden name").isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.forKey("trailing.")).isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.forKey("file.unknownext")).isEqualTo(ContentTypes.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({"a.mp4,video/mp4", "b.FLV,video/x-flv", "c.f4v,video/mp4", "d.mov,video/quicktime", "e.m4a,audio/mp4",
            "f.mp3,audio/mpeg", "g.aac,audio/aac", "h.ts,video/mp2t", "i.m3u8,application/vnd.apple.mpegurl",
            "j.webm,video/webm", "k.bin,application/octet-stream"})
    void mapsEveryFormatTheOriginalModulesUsersRecord(String name, String type) {
        assertThat(ContentTypes.forKey(name)).isEqualTo(type);
    }
}
