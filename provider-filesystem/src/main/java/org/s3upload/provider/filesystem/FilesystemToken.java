package org.s3upload.provider.filesystem;

import java.util.Map;

import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.internal.Json;
import org.s3upload.spi.support.ResumeTokens;
import org.s3upload.api.UploadException;

/**
 * What a resume token of this provider holds: the key, the upload id naming the partial file, the
 * local file's fingerprint and the chunk size the partial was written with. No secret exists to
 * leak. Immutable.
 */
final class FilesystemToken {
    static final int FORMAT = 1;

    private final String key;
    private final String uploadId;
    private final FileFingerprint source;
    private final long chunkSize;

    FilesystemToken(String key, String uploadId, FileFingerprint source, long chunkSize) {
        this.key = key;
        this.uploadId = uploadId;
        this.source = source;
        this.chunkSize = chunkSize;
    }

    /** Parses a token; anything not made by this provider in this format is RESUME_REJECTED. */
    static FilesystemToken parse(String token) throws UploadException {
        if (token == null) {
            throw UploadException.resumeRejected("resume token is null; the upload must start afresh");
        }
        return fromMap(ResumeTokens.open(token, FilesystemProvider.ID, FORMAT));
    }

    static FilesystemToken fromMap(Map<String, Object> m) throws UploadException {
        String uploadId = ResumeTokens.string(m, "uploadId");
        if (!PartialFiles.isUploadId(uploadId)) {
            throw UploadException.resumeRejected("resume token has upload id '" + uploadId
                    + "', which is not 16 hex digits; the upload must start afresh");
        }
        long chunkSize = ResumeTokens.number(m, "chunkSize");
        if (chunkSize < FilesystemSettings.MIN_CHUNK_SIZE || chunkSize > FilesystemSettings.MAX_CHUNK_SIZE) {
            throw UploadException.resumeRejected("resume token has chunk size " + chunkSize
                    + ", outside what this provider writes; the upload must start afresh");
        }
        return new FilesystemToken(ResumeTokens.string(m, "key"), uploadId,
                new FileFingerprint(ResumeTokens.number(m, "size"), ResumeTokens.number(m, "mtime")), chunkSize);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = ResumeTokens.envelope(FilesystemProvider.ID, FORMAT);
        m.put("key", key);
        m.put("uploadId", uploadId);
        m.put("size", source.size());
        m.put("mtime", source.modifiedMillis());
        m.put("chunkSize", chunkSize);
        return m;
    }

    @Override
    public String toString() {
        return Json.write(toMap());
    }

    String key() {
        return key;
    }

    String uploadId() {
        return uploadId;
    }

    FileFingerprint source() {
        return source;
    }

    long chunkSize() {
        return chunkSize;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FilesystemToken)) {
            return false;
        }
        FilesystemToken t = (FilesystemToken) o;
        return key.equals(t.key) && uploadId.equals(t.uploadId) && source.equals(t.source) && chunkSize == t.chunkSize;
    }

    @Override
    public int hashCode() {
        return uploadId.hashCode();
    }
}
