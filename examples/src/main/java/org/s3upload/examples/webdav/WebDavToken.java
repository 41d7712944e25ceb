package org.s3upload.examples.webdav;

import java.util.Map;

import org.s3upload.spi.support.ResumeTokens;
import org.s3upload.api.UploadException;

/**
 * The resume token: names the partial upload {@code <key>.s3upload-partial-<id>} on one target and,
 * in a resume token (not in an abort token from listIncomplete), the local file's size and
 * modification time. Holds no secret: the target is the configured URL, which may not carry
 * credentials. Immutable.
 *
 * <pre>{"provider":"webdav","format":1,"target":"https://dav.example.com/rec/","key":"a/b.mp4",
 *  "partial":"9f0c...","size":1234,"mtime":1700000000000}</pre>
 */
final class WebDavToken {
    static final int FORMAT = 1;
    private static final long UNKNOWN = -1;

    final String target;
    final String key;
    final String partialId;
    final long size;
    final long mtime;

    WebDavToken(String target, String key, String partialId, long size, long mtime) {
        this.target = target;
        this.key = key;
        this.partialId = partialId;
        this.size = size;
        this.mtime = mtime;
    }

    /** A token that names the partial upload only, enough to abort it. */
    static WebDavToken forAbort(String target, String key, String partialId) {
        return new WebDavToken(target, key, partialId, UNKNOWN, UNKNOWN);
    }

    boolean knowsFile() {
        return size != UNKNOWN;
    }

    String partialPath() {
        return WebDavNames.partial(key, partialId);
    }

    String write() {
        Map<String, Object> m = ResumeTokens.envelope(WebDavProvider.ID, FORMAT);
        m.put("target", target);
        m.put("key", key);
        m.put("partial", partialId);
        if (knowsFile()) {
            m.put("size", size);
            m.put("mtime", mtime);
        }
        return ResumeTokens.write(m);
    }

    /** Reads a token of this provider; RESUME_REJECTED with the reason otherwise. */
    static WebDavToken read(String token) throws UploadException {
        Map<String, Object> m = ResumeTokens.open(token == null ? "" : token, WebDavProvider.ID, FORMAT);
        String target = ResumeTokens.string(m, "target");
        String key = ResumeTokens.string(m, "key");
        String partial = ResumeTokens.string(m, "partial");
        if (!partial.matches("[0-9a-f]{32}") || WebDavNames.keyOfPartial(WebDavNames.partial(key, partial)) == null) {
            throw UploadException.resumeRejected("resume token names no partial upload of this provider (partial '"
                    + partial + "'); the upload must start afresh");
        }
        if (m.containsKey("size") || m.containsKey("mtime")) {
            return new WebDavToken(target, key, partial, ResumeTokens.number(m, "size"), ResumeTokens.number(m, "mtime"));
        }
        return forAbort(target, key, partial);
    }
}
