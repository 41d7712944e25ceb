package org.s3upload.cli;

import java.util.Map;
import org.s3upload.internal.Json;
import org.s3upload.wowza.engine.Marker;
import org.s3upload.wowza.engine.MarkerInventory;

/**
 * Where one recording stands, in the words of the status output: a stable code for scripts and a
 * sentence for people. Derived only from what the marker records.
 */
final class MarkerState {
    /** The codes of {@code status --json}'s {@code state}; documented in the operator guide. */
    static final String WAITING = "waiting";
    static final String UPLOADING = "uploading";
    static final String FAILED = "failed";
    static final String UNREADABLE = "unreadable";
    static final String SET_ASIDE = "set-aside";

    final String code;
    final String sentence;
    /** The remote multipart upload the marker's resume token names, or null. */
    final String uploadId;

    private MarkerState(String code, String sentence, String uploadId) {
        this.code = code;
        this.sentence = sentence;
        this.uploadId = uploadId;
    }

    static MarkerState of(MarkerInventory.Entry e) {
        switch (e.kind()) {
            case UNREADABLE:
                return new MarkerState(UNREADABLE, "unreadable: " + e.problem() + "; the next application start moves it"
                        + " aside and uploads the recording from the start", null);
            case SET_ASIDE:
                return new MarkerState(SET_ASIDE, "set aside: " + e.problem() + "; look at it, then delete it", null);
            default:
                break;
        }
        Marker m = e.marker();
        String uploadId = uploadIdOf(m.resumeToken());
        String legacy = e.legacy() ? " (a marker of the original module)" : "";
        switch (m.state()) {
            case FAILED:
                return new MarkerState(FAILED, "failed: waits for a fix, then a retry or the next application start"
                        + legacy, uploadId);
            case UPLOADING:
                return new MarkerState(UPLOADING, m.resumeToken() == null ? "uploading" + legacy
                        : "uploading: multipart upload " + (uploadId == null ? "" : uploadId + " ")
                        + "started, resumable from its last complete part" + legacy, uploadId);
            default:
                return new MarkerState(WAITING, (m.attempts() > 0 ? "waiting to retry" : "waiting to upload")
                        + (e.legacy() ? " from the start" + legacy : ""), uploadId);
        }
    }

    /**
     * The upload id inside a resume token: the providers' tokens ({@code uploadId}) and the SDK's
     * PersistableUpload of the original module ({@code multipartUploadId}) both carry it.
     */
    static String uploadIdOf(String token) {
        if (token == null) {
            return null;
        }
        try {
            Map<String, Object> m = Json.parseObject(token);
            Object id = m.containsKey("uploadId") ? m.get("uploadId") : m.get("multipartUploadId");
            return id instanceof String ? (String) id : null;
        } catch (IllegalArgumentException e) {
            return null; // a token of a provider that does not write JSON: opaque to the tool
        }
    }

    boolean needsAttention() {
        return !code.equals(WAITING) && !code.equals(UPLOADING);
    }
}
