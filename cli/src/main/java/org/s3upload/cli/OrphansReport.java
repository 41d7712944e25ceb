package org.s3upload.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.s3upload.internal.Json;

/** {@link Orphans} as text lines and as JSON (schema {@value #SCHEMA}). */
final class OrphansReport {
    static final String SCHEMA = "s3upload-orphans/1";

    private final Orphans orphans;
    private final String fingerprint;
    private final long now;

    OrphansReport(Orphans orphans, String fingerprint, long now) {
        this.orphans = orphans;
        this.fingerprint = fingerprint;
        this.now = now;
    }

    List<String> text() {
        List<String> lines = new ArrayList<>();
        String age = Durations.option(orphans.olderThan);
        lines.add("Incomplete uploads in " + fingerprint + " under '" + orphans.prefix + "' begun more than " + age
                + " ago (" + Human.time(now) + "):");
        for (Orphans.Orphan o : orphans.listed) {
            lines.add("  " + o.upload.key() + "  upload " + o.upload.uploadId());
            lines.add("      begun " + Human.time(o.upload.initiatedEpochMillis()) + " (" + Human.age(Duration.ofMillis(o.ageMillis))
                    + " ago), stored " + (o.storedBytes < 0 ? "unknown" : Human.bytes(o.storedBytes)));
            if (o.heldBy != null) {
                lines.add("      skipped, never aborted: " + o.heldBy);
            }
        }
        if (orphans.listed.isEmpty()) {
            lines.add("  none");
        }
        List<Orphans.Orphan> free = orphans.free();
        int held = orphans.listed.size() - free.size();
        lines.add(orphans.listed.size() + " listed: " + free.size() + " not held by any marker ("
                + Human.bytes(Orphans.bytes(free)) + " stored)" + (orphans.holdsChecked ? ", " + held + " held by a marker"
                : "; not checked against markers: give --content DIR") + ".");
        if (orphans.younger > 0 || orphans.unknownAge > 0) {
            lines.add("Not listed: " + orphans.younger + " begun within the last " + age
                    + (orphans.unknownAge > 0 ? ", " + orphans.unknownAge + " whose start the target does not know" : "") + ".");
        }
        return lines;
    }

    String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("target", fingerprint);
        root.put("prefix", orphans.prefix);
        root.put("olderThanSeconds", orphans.olderThan.getSeconds());
        root.put("now", Human.time(now));
        root.put("holdsChecked", orphans.holdsChecked);
        List<Object> uploads = new ArrayList<>();
        for (Orphans.Orphan o : orphans.listed) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("key", o.upload.key());
            u.put("uploadId", o.upload.uploadId());
            u.put("begun", Human.time(o.upload.initiatedEpochMillis()));
            u.put("ageSeconds", o.ageMillis / 1000);
            u.put("storedBytes", o.storedBytes < 0 ? null : o.storedBytes);
            u.put("heldBy", o.heldBy);
            uploads.add(u);
        }
        root.put("uploads", uploads);
        root.put("younger", (long) orphans.younger);
        root.put("unknownAge", (long) orphans.unknownAge);
        return Json.write(root);
    }
}
