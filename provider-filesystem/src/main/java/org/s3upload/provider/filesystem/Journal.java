package org.s3upload.provider.filesystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;

import org.s3upload.internal.Json;
import org.s3upload.spi.support.ResumeTokens;
import org.s3upload.api.UploadException;

/**
 * The durable record beside a partial file: the token it belongs to, how many chunks of it are
 * complete, and when the upload began. Rewritten atomically after every chunk, so after a crash
 * it never claims a chunk that was not forced to the device first. Immutable.
 */
final class Journal {
    private final FilesystemToken token;
    private final long chunksDone;
    private final long createdMillis;

    Journal(FilesystemToken token, long chunksDone, long createdMillis) {
        this.token = token;
        this.chunksDone = chunksDone;
        this.createdMillis = createdMillis;
    }

    FilesystemToken token() {
        return token;
    }

    long chunksDone() {
        return chunksDone;
    }

    long createdMillis() {
        return createdMillis;
    }

    Journal withChunksDone(long n) {
        return new Journal(token, n, createdMillis);
    }

    void write(PartialFiles files, boolean fsync) throws IOException {
        Map<String, Object> m = token.toMap();
        m.put("chunksDone", chunksDone);
        m.put("created", createdMillis);
        AtomicFiles.write(files.journal(), files.temp(), Json.write(m).getBytes(StandardCharsets.UTF_8), fsync);
    }

    /** The journal of {@code files}, or null when there is none; a damaged journal is RESUME_REJECTED. */
    static Journal read(PartialFiles files) throws IOException, UploadException {
        String text;
        try {
            text = new String(Files.readAllBytes(files.journal()), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            Map<String, Object> m = ResumeTokens.open(text, FilesystemProvider.ID, FilesystemToken.FORMAT);
            return new Journal(FilesystemToken.fromMap(m), ResumeTokens.number(m, "chunksDone"),
                    ResumeTokens.number(m, "created"));
        } catch (UploadException e) {
            throw UploadException.resumeRejected("the journal " + files.journal() + " is damaged (" + e.getMessage()
                    + "); abort the upload and start it afresh");
        }
    }
}
