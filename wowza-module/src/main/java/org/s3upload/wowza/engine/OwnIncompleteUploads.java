package org.s3upload.wowza.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;

/**
 * {@code s3UploadResumeUploads=false} at startup: aborts the partial uploads this module owns and
 * makes their recordings start over. "Owns" means the tokens in its markers, and orphans under its
 * key prefix (or, without a prefix, at the keys its markers name) that were initiated before this
 * start; never the whole bucket, which other servers may share.
 */
final class OwnIncompleteUploads {
    private final UploadTarget target;
    private final String prefix;
    private final long startedAt;
    private final UploadLog log;

    OwnIncompleteUploads(UploadTarget target, String keyPrefix, long startedAt, UploadLog log) {
        this.target = target;
        this.prefix = keyPrefix;
        this.startedAt = startedAt;
        this.log = log;
    }

    /**
     * Aborts what {@code found} and the listings name, rewriting each marker without its token, and
     * returns the markers as they now are. Keys for which {@code busy} holds are being uploaded by
     * this start already and are left alone.
     */
    List<MarkerScan.Found> abortAll(List<MarkerScan.Found> found, Predicate<String> busy) {
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
        List<String> scopes = new ArrayList<>();
        if (!prefix.isEmpty()) {
            scopes.add(prefix);
        } else {
            scopes.addAll(keys);
        }
        Set<String> seen = new HashSet<>();
        for (String scope : scopes) {
            try {
                for (IncompleteUpload u : target.listIncomplete(scope)) {
                    boolean ours = prefix.isEmpty() ? keys.contains(u.key()) : u.key().startsWith(prefix);
                    boolean before = u.initiatedEpochMillis() < startedAt;
                    if (ours && before && !busy.test(u.key()) && seen.add(u.uploadId())) {
                        aborted += abortQuietly(u.abortToken()) ? 1 : 0;
                    }
                }
            } catch (UploadException e) {
                log.warn("cannot list incomplete uploads under '" + scope + "' (" + e.getMessage() + "); none aborted there");
            }
        }
        log.info("s3UploadResumeUploads is false: aborted " + aborted + " incomplete upload(s) of this module ("
                + (prefix.isEmpty() ? "the keys named by its markers" : "under prefix '" + prefix + "'")
                + "); " + out.size() + " recording(s) upload from the start");
        return out;
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
