package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class KeyMakerTest {
    final Path root = Paths.get("/srv/wowza/content");

    KeyMaker keys(String prefix, String template, boolean strip) {
        return new KeyMaker(prefix, template, Collections.singletonList(root), strip, "live", "_definst_");
    }

    @Test
    void prefixPlusPathRelativeToTheStorageDirWithSlashes() {
        assertThat(keys("rec", null, false).key(root.resolve("a/b/c.mp4"), "c", 0)).isEqualTo("rec/a/b/c.mp4");
        assertThat(keys("/rec/", null, false).key(root.resolve("c.mp4"), "c", 0)).isEqualTo("rec/c.mp4");
        assertThat(keys(null, null, false).key(root.resolve("c.mp4"), "c", 0)).isEqualTo("c.mp4");
        assertThat(keys("a\\b", null, false).key(root.resolve("c.mp4"), "c", 0)).isEqualTo("a/b/c.mp4");
    }

    @Test
    void aRecordingOutsideTheStorageDirIsKeyedByItsFileName() {
        assertThat(keys("rec", null, false).key(Paths.get("/mnt/other/content/x.mp4"), "x", 0)).isEqualTo("rec/x.mp4");
        // a path that merely starts with the same characters is not inside
        assertThat(keys("", null, false).key(Paths.get("/srv/wowza/content2/y.mp4"), "y", 0)).isEqualTo("y.mp4");
    }

    @Test
    void templateVariablesUseUtcTimeOfTheRecording() {
        long t = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
        KeyMaker k = keys("p", "${app}/${appInstance}/${stream}/${yyyy}/${MM}/${dd}/${HH}${mm}-${file}", false);
        assertThat(k.key(root.resolve("sub/cam1.mp4"), "mp4:cam1", t)).isEqualTo("p/live/_definst_/cam1/2023/11/14/2213-cam1.mp4");
        assertThat(keys("", "${path}", false).key(root.resolve("sub/cam1.mp4"), null, t)).isEqualTo("sub/cam1.mp4");
        assertThatThrownBy(() -> keys("", "${nope}", false)).hasMessageContaining("${nope}");
    }

    @Test
    void stripRemovesOnlyTheRecorderVersionOfTheStream() {
        KeyMaker k = keys("v", null, true);
        assertThat(k.key(root.resolve("camera_2_0.mp4"), "camera_2", 0)).isEqualTo("v/camera_2.mp4");
        assertThat(k.key(root.resolve("camera_2.mp4"), "camera_2", 0)).isEqualTo("v/camera_2.mp4");
        assertThat(k.key(root.resolve("camera_12.mp4"), "camera", 0)).isEqualTo("v/camera.mp4");
        assertThat(k.key(root.resolve("other_3.mp4"), "camera", 0)).isEqualTo("v/other_3.mp4");
        assertThat(k.key(root.resolve("camera_3.mp4"), null, 0)).isEqualTo("v/camera_3.mp4");
        // the prefix is never touched
        assertThat(keys("cam_1", null, true).key(root.resolve("s.mp4"), "s", 0)).isEqualTo("cam_1/s.mp4");
    }

    @Test
    void versionCandidates() {
        assertThat(KeyMaker.versioned("a/b.mp4", 0)).isEqualTo("a/b_0.mp4");
        assertThat(KeyMaker.versioned("a.b/c", 12)).isEqualTo("a.b/c_12");
        assertThat(KeyMaker.versioned("x.tar.gz", 1)).isEqualTo("x.tar_1.gz");
    }

    @Test
    void rootsAreTriedInOrder() {
        KeyMaker k = new KeyMaker("", null, Arrays.asList(Paths.get("/a/out"), Paths.get("/a")), false, "", "");
        assertThat(k.key(Paths.get("/a/out/x/1.mp4"), null, 0)).isEqualTo("x/1.mp4");
        assertThat(k.key(Paths.get("/a/y/2.mp4"), null, 0)).isEqualTo("y/2.mp4");
    }
}
