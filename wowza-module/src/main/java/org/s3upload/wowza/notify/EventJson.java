package org.s3upload.wowza.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.s3upload.api.Checksum;
import org.s3upload.internal.Json;
import org.s3upload.spi.notify.CompletionEvent;

/**
 * The JSON form of a {@link CompletionEvent}: what the journal stores and the webhook posts, byte
 * for byte. Fields in a fixed order, absent ones left out, so that the same event always gives the
 * same bytes (and the same signature).
 */
public final class EventJson {
    /** Version of the body's layout; a change that removes or renames a field raises it. */
    public static final int VERSION = 1;

    private EventJson() {
    }

    public static byte[] write(CompletionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("id", e.id());
        m.put("type", e.type().name().toLowerCase(Locale.ROOT));
        m.put("time", Instant.ofEpochMilli(e.time()).toString());
        m.put("vhost", e.vhost());
        m.put("application", e.application());
        m.put("instance", e.instance());
        e.stream().ifPresent(v -> m.put("stream", v));
        m.put("recording", e.recording());
        e.key().ifPresent(v -> m.put("key", v));
        if (e.size() >= 0) {
            m.put("size", e.size());
        }
        e.checksum().ifPresent(c -> {
            m.put("checksum", c.toString());
            m.put("checksumKind", c.kind().name());
            m.put("etag", c.etag());
        });
        e.location().ifPresent(v -> m.put("location", v));
        e.reason().ifPresent(v -> m.put("reason", v));
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads what {@link #write} wrote; IllegalArgumentException naming the problem otherwise. */
    public static CompletionEvent read(byte[] bytes) {
        Map<String, Object> m = Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
        String type = text(m, "type");
        if (type == null) {
            throw new IllegalArgumentException("the event has no type");
        }
        CompletionEvent.Builder b = CompletionEvent.builder(CompletionEvent.Type.valueOf(type.toUpperCase(Locale.ROOT)))
                .id(text(m, "id"))
                .time(Instant.parse(text(m, "time")).toEpochMilli())
                .recording(text(m, "recording"))
                .application(text(m, "vhost"), text(m, "application"), text(m, "instance"))
                .stream(text(m, "stream"))
                .key(text(m, "key"))
                .location(text(m, "location"))
                .reason(text(m, "reason"));
        Object size = m.get("size");
        if (size instanceof Number) {
            b.size(((Number) size).longValue());
        }
        String checksum = text(m, "checksum");
        if (checksum != null) {
            b.checksum(Checksum.parse(checksum));
        }
        return b.build();
    }

    private static String text(Map<String, Object> m, String name) {
        Object v = m.get(name);
        return v == null ? null : v.toString();
    }
}
