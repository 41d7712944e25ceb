package org.s3upload.examples.webdav;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;

/**
 * The steps of one upload, run on a worker thread:
 * <ol>
 *   <li>publish the token, create missing parent collections (MKCOL);</li>
 *   <li>PUT the whole file to {@code <key>.s3upload-partial-<id>}, computing its MD5 on the way;</li>
 *   <li>read the partial back (GET) and compare size and MD5: WebDAV has no server-side checksum,
 *   so reading back is the only proof, and doing it before the MOVE keeps a bad copy from ever
 *   replacing a good object;</li>
 *   <li>MOVE it onto the key with {@code Overwrite: T}, check the size there, and write the
 *   manifest that binds the MD5 to this version of the object.</li>
 * </ol>
 * A resume can only skip step 2, when the partial already holds every byte (a crash or pause
 * after the PUT): WebDAV cannot continue a PUT that was cut short.
 */
final class WebDavTransfer implements Runnable {
    private final WebDavTarget target;
    private final WebDavClient client;
    private final UploadRequest request;
    private final FileFingerprint file;
    private final WebDavToken token;
    private final boolean resume;
    private final WebDavUpload handle;

    WebDavTransfer(WebDavTarget target, WebDavClient client, UploadRequest request, FileFingerprint file,
                   WebDavToken token, boolean resume, WebDavUpload handle) {
        this.target = target;
        this.client = client;
        this.request = request;
        this.file = file;
        this.token = token;
        this.resume = resume;
        this.handle = handle;
    }

    @Override
    public void run() {
        if (handle.isStopped()) {
            target.finished(handle); // paused or closed before it began: nothing was sent, nothing to clean
            return;
        }
        boolean keepPartial = false;
        try {
            handle.complete(resume ? resume() : fresh());
            keepPartial = true; // moved away already; nothing to delete
        } catch (CancellationException e) {
            keepPartial = handle.isResumable();
        } catch (UploadException e) {
            keepPartial = handle.isResumable() || e.kind() == UploadException.Kind.RESUME_REJECTED;
            handle.fail(e);
        } catch (RuntimeException | Error e) {
            keepPartial = handle.isResumable();
            handle.fail(UploadException.retryable("upload of '" + request.key() + "' to " + client.url(request.key())
                    + " failed unexpectedly: " + e, e));
        } finally {
            if (!keepPartial) {
                target.deleteQuietly(token.partialPath());
            }
            target.finished(handle);
        }
    }

    private UploadResult fresh() throws UploadException {
        String key = request.key();
        String partial = token.partialPath();
        handle.publishToken(token.write());
        target.ensureParents(key, false, handle.cancel);
        MessageDigest md5 = Checksums.newMd5();
        int refused = put(partial, md5, 0);
        if (refused != 0) {
            // A parent collection vanished since it was cached (or the base is missing): create and try once more.
            target.ensureParents(key, true, handle.cancel);
            md5 = Checksums.newMd5();
            refused = put(partial, md5, handle.progress().bytesSent());
            if (refused != 0) {
                throw UploadException.permanent("PUT " + client.url(partial) + " failed with HTTP " + refused
                        + " (parent collection missing) although MKCOL reported the parents of '" + key + "' present: "
                        + "either the base collection " + client.base() + " is missing (create it on the server or fix '"
                        + WebDavSettings.URL + "') or a file occupies the name of one of those parent collections (rename it)");
            }
        }
        checkUnchanged();
        String sentMd5 = Checksums.hex(md5.digest());
        if (request.md5().isPresent() && !request.md5().get().equals(sentMd5)) {
            throw UploadException.permanent("file " + request.file() + " has MD5 " + sentMd5 + ", but the upload request of '"
                    + key + "' says " + request.md5().get() + ": recompute the MD5 from the finished file");
        }
        handle.stored();
        return finish(sentMd5, handle.progress().bytesSent(), UploadException.Kind.RETRYABLE);
    }

    private int put(String partial, MessageDigest md5, long alreadySent) throws UploadException {
        return client.putFile(partial, request.file(), file.size(), request.contentType().orElse(null), handle.throttle, md5,
                n -> handle.sent(alreadySent + n), handle.cancel);
    }

    private UploadResult resume() throws UploadException {
        String key = request.key();
        String partial = token.partialPath();
        DavResource p = client.describe(partial, handle.cancel);
        if (p != null && !p.collection && p.length == file.size()) {
            handle.markResumable(); // the caller's token stays good even if this attempt is paused
            handle.publishToken(token.write());
            String md5 = localMd5();
            handle.stored();
            return finish(md5, 0, UploadException.Kind.RESUME_REJECTED);
        }
        if (p != null) {
            throw UploadException.resumeRejected("partial upload " + client.url(partial) + " holds " + p.length + " of "
                    + file.size() + " bytes, and WebDAV cannot continue a PUT that was cut short: abort the token and "
                    + "start the upload of '" + key + "' afresh");
        }
        String md5 = localMd5();
        Optional<RemoteObject> done = target.statWith(key, handle.cancel);
        if (done.isPresent() && done.get().matches(file.size(), md5)) {
            handle.stored();
            return proven(key, md5, 0);
        }
        if (done.isPresent() && !done.get().md5().isPresent() && done.get().size() == file.size()) {
            // Stopped between MOVE and manifest: prove the object by reading it, then write the manifest.
            UploadResult r = completeByReading(md5);
            if (r != null) {
                return r;
            }
        }
        throw UploadException.resumeRejected("partial upload " + client.url(partial) + " is gone and " + client.url(key)
                + " does not hold this file: start the upload of '" + key + "' afresh");
    }

    private UploadResult finish(String md5, long bytesSent, UploadException.Kind onMismatch) throws UploadException {
        String key = request.key();
        String partial = token.partialPath();
        WebDavClient.Digest stored = client.digest(partial, handle.cancel);
        if (stored == null) {
            throw UploadException.retryable("partial upload " + client.url(partial)
                    + " vanished before it was moved into place (another process cleaning up?); upload '" + key + "' again", null);
        }
        if (stored.size != file.size() || !stored.md5.equals(md5)) {
            target.deleteQuietly(partial);
            throw new UploadException(onMismatch, "the server stored " + stored.size + " bytes with MD5 " + stored.md5
                    + " at " + client.url(partial) + ", but " + request.file() + " has " + file.size() + " bytes with MD5 "
                    + md5 + "; the copy was deleted, upload '" + key + "' again");
        }
        handle.markResumable();
        client.delete(WebDavNames.manifest(key), handle.cancel); // a stale manifest must not describe the new object
        client.move(partial, key, handle.cancel);
        DavResource object = client.describe(key, handle.cancel);
        if (object != null && object.collection) {
            throw UploadException.permanent("after MOVE to " + client.url(key) + " the server reports a collection"
                    + " at the key; remove the folder '" + key + "' or choose another key");
        }
        if (object == null || object.length != file.size()) {
            // The verified partial was moved into place, then a concurrent upload to the same key (or a
            // delete) replaced it: the last writer wins, as the SPI allows. Writing our manifest now
            // would describe somebody else's object, so leave the description to that writer.
            return proven(key, md5, bytesSent);
        }
        Manifest m = new Manifest(file.size(), md5, object.version(), request.contentType().orElse(null), request.metadata());
        client.putBytes(WebDavNames.manifest(key), m.toBytes(), "text/plain; charset=ISO-8859-1", handle.cancel);
        return proven(key, md5, bytesSent);
    }

    private UploadResult completeByReading(String md5) throws UploadException {
        String key = request.key();
        DavResource object = client.describe(key, handle.cancel);
        WebDavClient.Digest d = client.digest(key, handle.cancel);
        if (object == null || d == null || d.size != file.size() || !d.md5.equals(md5) || object.length != d.size) {
            return null;
        }
        Manifest m = new Manifest(d.size, md5, object.version(), request.contentType().orElse(null), request.metadata());
        client.putBytes(WebDavNames.manifest(key), m.toBytes(), "text/plain; charset=ISO-8859-1", handle.cancel);
        handle.stored();
        return proven(key, md5, 0);
    }

    /** WebDAV keeps no checksum: the MD5 is proven by reading the stored copy back before the MOVE. */
    private UploadResult proven(String key, String md5, long bytesSent) {
        return new UploadResult(key, file.size(), Checksum.md5(md5), UploadResult.Proof.STORED_CHECKSUM, bytesSent);
    }

    private String localMd5() throws UploadException {
        if (request.md5().isPresent()) {
            return request.md5().get();
        }
        try {
            return Checksums.md5Hex(request.file());
        } catch (IOException e) {
            throw UploadException.permanent("cannot read " + request.file() + " to check the resumed upload of '"
                    + request.key() + "': " + e.getMessage() + "; check that the file exists and is readable", e);
        }
    }

    private void checkUnchanged() throws UploadException {
        FileFingerprint now;
        try {
            now = FileFingerprint.of(request.file());
        } catch (IOException e) {
            throw UploadException.permanent("file " + request.file() + " became unreadable while uploading '" + request.key()
                    + "': " + e.getMessage(), e);
        }
        if (!now.equals(file)) {
            throw UploadException.retryable("file " + request.file() + " changed while uploading '" + request.key()
                    + "' (was " + file + ", now " + now + "); upload it again once the recording is finished", null);
        }
    }
}
