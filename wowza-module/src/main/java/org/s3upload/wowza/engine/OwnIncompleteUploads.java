package org.s3upload.wowza.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;

/**
 * {@code s3UploadResumeUploads=false} at startup: aborts the partial uploads this server provably
 * started, which are those whose resume token its own markers hold, and makes their recordings
 * start over. Every other incomplete upload under its key prefix (or, without a prefix, at the keys
 * its markers name) may be another server's live upload when servers share a prefix: it is listed
 * in one INFO line and left alone (a bucket lifecycle rule cleans up the abandoned ones).
 */
final class OwnIncompleteUploads {
    /** How many of the uploads left alone the INFO line names. */
    static final int NAMED_IN_LOG = 20;

    private final UploadTarget target;
    private final String prefix;
    private final UploadLog log;

    OwnIncompleteUploads(UploadTarget target, String keyPrefix, UploadLog log) {
        this.target = target;
        this.prefix = keyPrefix;
        this.log = log;
    }

    /** Aborts what the markers in {@code found} hold, rewriting each without its token; returns the markers as they now are. */
    List<MarkerScan.Found> abortAll(List<MarkerScan.Found> found) {
        int aborted = 0;
        List<MarkerScan.Found> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (MarkerScan.Found f : found) {
            Marker m = f.content;
            if (m.resumeToken() != null) {
                aborted += abortQuietly(m.resumeToken()) ? 1 : 0;
                m = m.withToken(null).withState(Marker.State.PENDING);
                try {
                    MarkerFiles.write(f.marker, m);
                } catch (IOException e) {
                    log.warn("cannot rewrite marker " + f.marker + ": " + e);
                }
            }
            if (m.key() != null) {
                keys.add(m.key());
            }
            out.add(f.with(m));
        }
        List<String> leftAlone = leftAlone(keys, found);
        log.info("s3UploadResumeUploads is false: aborted " + aborted + " incomplete upload(s) this server started"
                + " (named by its markers); " + out.size() + " recording(s) upload from the start"
                + (leftAlone.isEmpty() ? "" : "; left alone " + leftAlone.size() + " other incomplete upload(s) "
                + (prefix.isEmpty() ? "at the keys its markers name" : "under prefix '" + prefix + "'")
                + ", which this server cannot prove it started (another server's may be live): "
                + String.join(", ", leftAlone.subList(0, Math.min(NAMED_IN_LOG, leftAlone.size())))
                + (leftAlone.size() > NAMED_IN_LOG ? ", ..." : "")));
        return out;
    }

    /** The incomplete uploads in this engine's scope that no marker's token named, as {@code key (uploadId)}. */
    private List<String> leftAlone(Set<String> keys, List<MarkerScan.Found> found) {
        Set<String> tokens = new HashSet<>();
        for (MarkerScan.Found f : found) {
            if (f.content.resumeToken() != null) {
                tokens.add(f.content.resumeToken());
            }
        }
        List<String> scopes = new ArrayList<>();
        if (!prefix.isEmpty()) {
            scopes.add(prefix);
        } else {
            scopes.addAll(keys);
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String scope : scopes) {
            try {
                for (IncompleteUpload u : target.listIncomplete(scope)) {
                    boolean inScope = prefix.isEmpty() ? keys.contains(u.key()) : u.key().startsWith(prefix);
                    if (inScope && seen.add(u.uploadId()) && !tokens.contains(u.abortToken()) && !aborted(u, found)) {
                        out.add(u.key() + " (" + u.uploadId() + ")");
                    }
                }
            } catch (UploadException e) {
                log.warn("cannot list incomplete uploads under '" + scope + "' (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    /** True when a marker's token named this upload (the tokens are the provider's; its id is in them). */
    private static boolean aborted(IncompleteUpload u, List<MarkerScan.Found> found) {
        for (MarkerScan.Found f : found) {
            String t = f.content.resumeToken();
            if (t != null && t.contains(u.uploadId())) {
                return true;
            }
        }
        return false;
    }

    private boolean abortQuietly(String token) {
        try {
            target.abort(token);
            return true;
        } catch (UploadException | RuntimeException e) {
            log.warn("could not abort an incomplete upload: " + e.getMessage());
            return false;
        }
    }
}
