package org.s3upload.wowza.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.s3upload.api.Checksum;
import org.s3upload.spi.notify.CompletionEvent;

/** The journal stores and the webhook posts the same bytes; reading them back gives the same event. */
class EventJsonTest {
    @Test
    void anUploadedEventWithPartChecksumsReadsBackEqualAndWritesTheSameBytes() {
        CompletionEvent e = CompletionEvent.builder(CompletionEvent.Type.UPLOADED).id("0b8e1f3c-5d1e-3c55-9a43-52cdbb2a3a61")
                .time(1_796_000_000_123L).recording("/content/cam \"1\".mp4").application("_defaultVHost_", "live", "_definst_")
                .stream("cam").key("live/cam \"1\".mp4").size(12_582_912)
                .checksum(Checksum.partMd5s("cb7eb070c064a532124eb87643107755", 3, 5_242_880))
                .location("s3://bucket/live/cam \"1\".mp4").build();
        byte[] body = EventJson.write(e);
        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"version\":1,\"id\":\"0b8e1f3c-5d1e-3c55-9a43-52cdbb2a3a61\",\"type\":\"uploaded\",\"time\":\"2026-11-30T")
                .contains("\"checksum\":\"cb7eb070c064a532124eb87643107755-3/5242880\",\"checksumKind\":\"PART_MD5S\",\"etag\":\"cb7eb070c064a532124eb87643107755-3\"")
                .doesNotContain("reason");
        CompletionEvent back = EventJson.read(body);
        assertThat(back).isEqualTo(e);
        assertThat(EventJson.write(back)).isEqualTo(body);
    }

    @Test
    void aFailedEventHasAReasonAndNoChecksum() {
        CompletionEvent e = CompletionEvent.builder(CompletionEvent.Type.FAILED).id("id-1").time(5).recording("/c/x.mp4")
                .application("v", "a", "i").size(7).reason("AccessDenied: s3:PutObject on bucket 'b'").build();
        CompletionEvent back = EventJson.read(EventJson.write(e));
        assertThat(back).isEqualTo(e);
        assertThat(back.checksum()).isEmpty();
        assertThat(back.key()).isEmpty();
        assertThat(back.reason()).contains("AccessDenied: s3:PutObject on bucket 'b'");
    }

    @Test
    void anEventThatSaysTooLittleIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> CompletionEvent.builder(CompletionEvent.Type.UPLOADED).id("x").recording("/r.mp4").build())
                .hasMessageContaining("/r.mp4").hasMessageContaining("key");
        assertThatThrownBy(() -> CompletionEvent.builder(CompletionEvent.Type.FAILED).id("x").recording("/r.mp4").build())
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> EventJson.read("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
    }
}
