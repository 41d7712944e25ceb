package org.s3upload.api.testing;

import java.util.Map;
import org.s3upload.api.UploadException;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.spi.support.ResumeTokens;

/** The in-memory provider's resume token: upload id, key, and the local file's size and mtime. */
final class InMemoryTokens {
    static final String PROVIDER_ID = "memory";
    private static final int FORMAT = 1;

    private InMemoryTokens() {
    }

    static String write(String uploadId, String key, FileFingerprint file) {
        Map<String, Object> t = ResumeTokens.envelope(PROVIDER_ID, FORMAT);
        t.put("uploadId", uploadId);
        t.put("key", key);
        if (file != null) {
            t.put("size", file.size());
            t.put("mtime", file.modifiedMillis());
        }
        return ResumeTokens.write(t);
    }

    /** The upload id a token names; RESUME_REJECTED when it is not this provider's token. */
    static String uploadId(String token) throws UploadException {
        return ResumeTokens.string(ResumeTokens.open(token, PROVIDER_ID, FORMAT), "uploadId");
    }

    /** The key a token names. */
    static String key(String token) throws UploadException {
        return ResumeTokens.string(ResumeTokens.open(token, PROVIDER_ID, FORMAT), "key");
    }

    /** The local file a token was made for. */
    static FileFingerprint file(String token) throws UploadException {
        Map<String, Object> t = ResumeTokens.open(token, PROVIDER_ID, FORMAT);
        return new FileFingerprint(ResumeTokens.number(t, "size"), ResumeTokens.number(t, "mtime"));
    }
}
