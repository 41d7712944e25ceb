package org.s3upload.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
