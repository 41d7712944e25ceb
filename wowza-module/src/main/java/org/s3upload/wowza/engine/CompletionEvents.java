package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.s3upload.api.Checksum;
import org.s3upload.spi.notify.CompletionEvent;
import org.s3upload.wowza.notify.Notifications;

/**
 * Turns a recording's end into a journalled {@link CompletionEvent}. An event's id is derived from
 * what it is about (owner, recording, its bytes, key, checksum), so the same recording proven again
 * after a crash gets the same id, and the journal does not take it twice.
 */
final class CompletionEvents {
    private final EngineSettings config;
    private final Notifications notifications;

    CompletionEvents(EngineSettings config, Notifications notifications) {
        this.config = config;
        this.notifications = notifications;
    }

    Notifications notifications() {
        return notifications;
    }

    /**
     * The recording's bytes are proven at its key: journalled durably before its marker is deleted.
     *
     * @throws IOException when the event cannot be written (the marker must then stay)
     */
    void uploaded(Path recording, Marker m, String location) throws IOException {
        if (!notifications.enabled()) {
            return;
        }
        Checksum checksum = null;
        if (m.md5() != null) {
            try {
                checksum = Checksum.parse(m.md5());
            } catch (IllegalArgumentException e) {
                checksum = null; // a legacy value that is no checksum: the event goes without one
            }
        }
        String id = id("uploaded", recording, m, m.key() + "|" + m.md5());
        notifications.journal(base(CompletionEvent.Type.UPLOADED, id, recording, m).checksum(checksum)
                .location(location).build());
        Checkpoints.reach(Checkpoints.NOTIFICATION_JOURNALLED);
    }

    /** The upload failed permanently; an event that cannot be journalled is logged (the marker keeps the failure). */
    void failed(Path recording, Marker m, String reason, UploadLog log) {
        if (!notifications.enabled()) {
            return;
        }
        try {
            String id = id("failed", recording, m, m.attempts() + "|" + reason);
            notifications.journal(base(CompletionEvent.Type.FAILED, id, recording, m).reason(reason).build());
            notifications.wake();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot journal the failure notification of " + recording + ": " + e);
        }
    }

    private CompletionEvent.Builder base(CompletionEvent.Type type, String id, Path recording, Marker m) {
        return CompletionEvent.builder(type).id(id).time(System.currentTimeMillis()).recording(recording.toString())
                .application(config.vhost(), config.application(), config.instance()).stream(m.stream())
                .key(m.key()).size(m.size());
    }

    private String id(String type, Path recording, Marker m, String what) {
        String basis = type + "|" + config.owner().id() + "|" + recording + "|" + m.size() + "|" + m.mtime() + "|" + what;
        return UUID.nameUUIDFromBytes(basis.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
