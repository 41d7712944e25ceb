package org.s3upload.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.s3upload.internal.Json;
import org.s3upload.wowza.engine.Marker;
import org.s3upload.wowza.engine.MarkerInventory;

/**
 * The status of a content folder's markers as text (a block per recording) and as JSON (schema
 * {@value #SCHEMA}; every member is always present, null when the marker does not record it).
 */
final class StatusReport {
    static final String SCHEMA = "s3upload-status/1";

    private final Path contentDir;
    private final MarkerInventory inventory;
    private final long now;

    StatusReport(Path contentDir, MarkerInventory inventory, long now) {
        this.contentDir = contentDir;
        this.inventory = inventory;
        this.now = now;
    }

    boolean needsAttention() {
        for (MarkerInventory.Entry e : inventory.entries()) {
            if (MarkerState.of(e).needsAttention()) {
                return true;
            }
        }
        return false;
    }

    List<String> text() {
        List<String> lines = new ArrayList<>();
        List<MarkerInventory.Entry> entries = inventory.entries();
        lines.add(entries.isEmpty() ? "No markers under " + contentDir + ": no recording waits for its upload."
                : entries.size() + " marker(s) under " + contentDir + ", oldest first (" + Human.time(now) + "):");
        for (MarkerInventory.Entry e : entries) {
            MarkerState s = MarkerState.of(e);
            Marker m = e.marker();
            lines.add("");
            lines.add(e.recording() + (Files.exists(e.recording()) ? "" : "  (the recording is not there)"));
            lines.add("  state     " + s.sentence);
            lines.add("  owner     " + (m == null ? "-" : m.owner() != null ? m.owner()
                    : "none yet (the first application to start adopts it)"));
            if (m != null && m.key() != null) {
                lines.add("  key       " + m.key() + (m.providerId() != null ? "  (provider " + m.providerId() + ", "
                        + m.target() + ")" : ""));
            }
            if (m != null && m.size() >= 0) {
                lines.add("  size      " + Human.bytes(m.size()));
            }
            lines.add("  age       " + Human.age(Duration.ofMillis(now - e.since())) + " (since " + Human.time(e.since()) + ")");
            if (m != null) {
                lines.add("  attempts  " + m.attempts());
                lines.add("  last error " + (m.lastError() == null ? "-" : m.lastError()));
            }
            lines.add("  marker    " + e.file() + (e.indexed() ? " (outside the folder, found through the module's index)" : ""));
        }
        if (!entries.isEmpty()) {
            lines.add("");
            lines.add(summaryLine());
        }
        return lines;
    }

    private String summaryLine() {
        Map<String, Long> counts = counts();
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> c : counts.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.getValue()).append(' ').append(c.getKey());
        }
        return "Summary: " + sb + ".";
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String code : new String[] {MarkerState.WAITING, MarkerState.UPLOADING, MarkerState.FAILED,
                MarkerState.UNREADABLE, MarkerState.SET_ASIDE}) {
            counts.put(code, 0L);
        }
        for (MarkerInventory.Entry e : inventory.entries()) {
            String code = MarkerState.of(e).code;
            counts.put(code, counts.get(code) + 1);
        }
        return counts;
    }

    String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("contentDir", contentDir.toAbsolutePath().normalize().toString());
        root.put("now", Human.time(now));
        List<Object> markers = new ArrayList<>();
        for (MarkerInventory.Entry e : inventory.entries()) {
            markers.add(row(e));
        }
        root.put("markers", markers);
        root.put("counts", counts());
        root.put("warnings", new ArrayList<Object>(inventory.unreadableFolders()));
        return Json.write(root);
    }

    private Map<String, Object> row(MarkerInventory.Entry e) {
        MarkerState s = MarkerState.of(e);
        Marker m = e.marker();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recording", e.recording().toString());
        r.put("recordingExists", Files.exists(e.recording()));
        r.put("marker", e.file().toString());
        r.put("indexed", e.indexed());
        r.put("state", s.code);
        r.put("description", s.sentence);
        r.put("legacy", e.legacy());
        r.put("owner", m == null ? null : m.owner());
        r.put("key", m == null ? null : m.key());
        r.put("provider", m == null ? null : m.providerId());
        r.put("target", m == null ? null : m.target());
        r.put("size", m == null || m.size() < 0 ? null : m.size());
        r.put("since", Human.time(e.since()));
        r.put("ageSeconds", Math.max(0, (now - e.since()) / 1000));
        r.put("attempts", m == null ? null : (long) m.attempts());
        r.put("lastError", m == null ? null : m.lastError());
        r.put("uploadId", s.uploadId);
        r.put("resumable", m != null && m.resumeToken() != null);
        r.put("problem", e.problem());
        return r;
    }
}
