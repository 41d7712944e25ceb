package org.s3upload.examples.webdav;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.s3upload.api.Checksum;
import org.s3upload.spi.support.FileFingerprint;
import org.s3upload.spi.support.ThrottleGate;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;

/** One WebDAV base collection. Thread-safe; one worker thread per running upload. */
final class WebDavTarget implements UploadTarget {
    private static final long CLOSE_WAIT_SECONDS = 10;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final WebDavClient client;
    private final String baseUrl;
    private final ExecutorService workers;
    private final Set<WebDavUpload> running = ConcurrentHashMap.newKeySet();
    /** Collections known to exist, so MKCOL is sent once per collection rather than once per upload. */
    private final Set<String> knownCollections = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private boolean closed;

    WebDavTarget(WebDavSettings config) {
        this.client = new WebDavClient(config);
        this.baseUrl = config.base.toString();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "s3upload-webdav-" + THREADS.incrementAndGet());
            t.setDaemon(true); // an upload must never keep the server's JVM alive
            return t;
        });
    }

    @Override
    public String providerId() {
        return WebDavProvider.ID;
    }

    @Override
    public String fingerprint() {
        return "webdav " + baseUrl;
    }

    @Override
    public WebDavUpload start(UploadRequest request, UploadListener listener) throws UploadException {
        WebDavNames.check(request.key());
        FileFingerprint file = fingerprintOf(request);
        String id = UUID.randomUUID().toString().replace("-", "");
        WebDavToken token = new WebDavToken(baseUrl, request.key(), id, file.size(), file.modifiedMillis());
        return launch(request, file, token, false, listener);
    }

    @Override
    public WebDavUpload resume(String resumeToken, UploadRequest request, UploadListener listener) throws UploadException {
        WebDavToken token = WebDavToken.read(resumeToken);
        checkOwnTarget(token);
        if (!token.key.equals(request.key())) {
            throw UploadException.resumeRejected("resume token is for key '" + token.key + "', not '" + request.key()
                    + "'; start the upload of '" + request.key() + "' afresh");
        }
        if (!token.knowsFile()) {
            throw UploadException.resumeRejected("this token from listIncomplete can abort the partial upload of '"
                    + token.key + "' but not resume it; abort it and start afresh");
        }
        WebDavNames.check(request.key());
        FileFingerprint file = fingerprintOf(request);
        if (file.size() != token.size || file.modifiedMillis() != token.mtime) {
            throw UploadException.resumeRejected("file " + request.file() + " changed since the upload of '" + request.key()
                    + "' began (token: size=" + token.size + " mtime=" + token.mtime + ", now: " + file
                    + "); abort the token and start afresh");
        }
        return launch(request, file, token, true, listener);
    }

    private WebDavUpload launch(UploadRequest request, FileFingerprint file, WebDavToken token, boolean resume,
                                UploadListener listener) throws UploadException {
        WebDavUpload handle = new WebDavUpload(request.key(), file.size(), listener == null ? UploadListener.NONE : listener,
                ThrottleGate.of(request));
        WebDavTransfer transfer = new WebDavTransfer(this, client, request, file, token, resume, handle);
        synchronized (lifecycle) {
            if (closed) {
                throw UploadException.permanent("the WebDAV target " + baseUrl + " is closed; '" + request.key()
                        + "' was not started; create a new target");
            }
            running.add(handle);
            try {
                workers.execute(transfer);
            } catch (RejectedExecutionException e) {
                running.remove(handle);
                throw UploadException.permanent("the WebDAV target " + baseUrl + " is closed; create a new target", e);
            }
        }
        return handle;
    }

    @Override
    public void abort(String resumeToken) throws UploadException {
        WebDavToken token = WebDavToken.read(resumeToken);
        checkOwnTarget(token);
        client.delete(token.partialPath(), new CancelSwitch());
    }

    /**
     * Walks the collections under the prefix with PROPFIND Depth 1 (Depth infinity is often
     * disabled on servers) and reports every {@code <key>.s3upload-partial-<id>} found: what a
     * crash between PUT and MOVE, or a verified pause, leaves behind.
     */
    @Override
    public List<IncompleteUpload> listIncomplete(String keyPrefix) throws UploadException {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        List<IncompleteUpload> out = new ArrayList<>();
        walk(prefix.substring(0, prefix.lastIndexOf('/') + 1), prefix, out, new CancelSwitch());
        return Collections.unmodifiableList(out);
    }

    private void walk(String collection, String prefix, List<IncompleteUpload> out, CancelSwitch cancel) throws UploadException {
        List<DavResource> members = client.list(collection, cancel);
        if (members == null) {
            return;
        }
        String basePath = WebDavNames.decode(client.base().getRawPath());
        for (DavResource r : members) {
            if (!r.path.startsWith(basePath)) {
                continue;
            }
            String rel = r.path.substring(basePath.length());
            if (rel.isEmpty() || rel.equals(collection) || (rel + "/").equals(collection)) {
                continue; // the collection itself
            }
            if (r.collection) {
                String sub = rel.endsWith("/") ? rel : rel + "/";
                if (sub.length() > collection.length() && sub.startsWith(collection)
                        && (sub.startsWith(prefix) || prefix.startsWith(sub))) {
                    walk(sub, prefix, out, cancel);
                }
                continue;
            }
            String key = WebDavNames.keyOfPartial(rel);
            if (key != null && key.startsWith(prefix)) {
                String id = WebDavNames.idOfPartial(rel);
                out.add(new IncompleteUpload(key, id, r.lastModifiedMillis(), WebDavToken.forAbort(baseUrl, key, id).write()));
            }
        }
    }

    @Override
    public Optional<RemoteObject> stat(String key) throws UploadException {
        return statWith(key, new CancelSwitch());
    }

    /**
     * The object at {@code key}. Its MD5, content type and metadata come from the manifest if the
     * manifest was written for this very version of the object; otherwise the MD5 is unknown, so
     * a caller never deletes a local file on the strength of a stale or foreign manifest.
     */
    Optional<RemoteObject> statWith(String key, CancelSwitch cancel) throws UploadException {
        WebDavNames.check(key);
        DavResource object = client.describe(key, cancel);
        if (object == null || object.collection) {
            return Optional.empty();
        }
        byte[] json = client.get(WebDavNames.manifest(key), cancel);
        Manifest m = json == null ? null : Manifest.parse(json);
        if (m != null && m.describes(object)) {
            String type = m.contentType != null ? m.contentType : object.contentType;
            return Optional.of(new RemoteObject(key, object.length, Checksum.md5(m.md5), type, m.metadata));
        }
        return Optional.of(new RemoteObject(key, object.length, (Checksum) null, object.contentType, null));
    }

    /** Creates the collections above {@code key}; {@code again} forgets what was cached for them first. */
    void ensureParents(String key, boolean again, CancelSwitch cancel) throws UploadException {
        List<String> parents = WebDavNames.parents(key);
        if (again) {
            knownCollections.removeAll(parents);
        }
        for (String p : parents) {
            if (!knownCollections.contains(p)) {
                client.mkcol(p, cancel);
                knownCollections.add(p);
            }
        }
    }

    /** Best-effort removal of a partial upload nobody can resume; a leftover is found by listIncomplete. */
    void deleteQuietly(String path) {
        try {
            client.delete(path, new CancelSwitch());
        } catch (UploadException | RuntimeException ignored) {
            // listIncomplete reports what is left behind
        }
    }

    void finished(WebDavUpload handle) {
        running.remove(handle);
    }

    @Override
    public void close() {
        List<WebDavUpload> stop;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            stop = new ArrayList<>(running);
        }
        for (WebDavUpload u : stop) {
            u.pause();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void checkOwnTarget(WebDavToken token) throws UploadException {
        if (!token.target.equals(baseUrl)) {
            throw UploadException.resumeRejected("resume token was made for WebDAV target " + token.target + ", this target is "
                    + baseUrl + "; use it with a target configured for that URL, or start afresh");
        }
    }

    private static FileFingerprint fingerprintOf(UploadRequest request) throws UploadException {
        try {
            return FileFingerprint.of(request.file());
        } catch (IOException e) {
            throw UploadException.permanent("cannot read local file " + request.file() + " for key '" + request.key()
                    + "': " + e.getMessage() + "; check that the recording exists and is readable by the server's user", e);
        }
    }
}
