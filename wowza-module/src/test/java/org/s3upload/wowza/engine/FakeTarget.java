package org.s3upload.wowza.engine;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.IncompleteUpload;
import org.s3upload.internal.Json;
import org.s3upload.api.Progress;
import org.s3upload.api.RemoteObject;
import org.s3upload.spi.support.ResumeTokens;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

/**
 * An in-memory target for engine tests: stores objects in a map, runs uploads on its own threads,
 * and lets a test inject failures, hold uploads at a gate and count what was called.
 */
final class FakeTarget implements UploadTarget {
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    /** uploadId -> key of partial uploads. */
    final Map<String, String> incomplete = new ConcurrentHashMap<>();
    final Map<String, Long> initiated = new ConcurrentHashMap<>();
    final List<String> started = Collections.synchronizedList(new ArrayList<>());
    final List<String> resumed = Collections.synchronizedList(new ArrayList<>());
    final List<String> aborted = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final AtomicInteger statCalls = new AtomicInteger();
    volatile Function<UploadRequest, UploadException> failure = r -> null;
    volatile CountDownLatch gate;
    /** While set, every call that would be network I/O (start, resume, stat, list, abort) blocks on it. */
    volatile CountDownLatch networkGate;
    volatile boolean lyingStat;
    /** While set, start() publishes no resume token (a provider that failed before it had one). */
    volatile boolean noTokenOnStart;
    /** While set, pause() blocks on it (a provider slow to pause). */
    volatile CountDownLatch pauseGate;
    volatile boolean closed;
    private final ExecutorService exec = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-target");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String providerId() {
        return "fake";
    }

    @Override
    public String fingerprint() {
        return "fake://memory";
    }

    @Override
    public Upload start(UploadRequest request, UploadListener listener) {
        network();
        started.add(request.key());
        return run(UUID.randomUUID().toString(), request, listener, !noTokenOnStart);
    }

    @Override
    public Upload resume(String token, UploadRequest request, UploadListener listener) throws UploadException {
        resumed.add(token);
        Map<String, Object> t = ResumeTokens.open(token, "fake", 1);
        String id = ResumeTokens.string(t, "uploadId");
        if (!request.key().equals(incomplete.get(id))) {
            throw UploadException.resumeRejected("no partial upload " + id + " for " + request.key());
        }
        return run(id, request, listener, true);
    }

    static String token(String id, String key) {
        Map<String, Object> t = ResumeTokens.envelope("fake", 1);
        t.put("uploadId", id);
        t.put("key", key);
        return Json.write(t);
    }

    /** A partial upload as if left by an earlier run; returns its token. */
    String addIncomplete(String key, long initiatedAt) {
        String id = UUID.randomUUID().toString();
        incomplete.put(id, key);
        initiated.put(id, initiatedAt);
        return token(id, key);
    }

    private Upload run(String id, UploadRequest request, UploadListener listener, boolean publishToken) {
        String key = request.key();
        incomplete.put(id, key);
        initiated.putIfAbsent(id, System.currentTimeMillis());
        String token = token(id, key);
        if (publishToken) {
            listener.onResumeToken(token);
        }
        Future<UploadResult> f = exec.submit(() -> {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            try {
                CountDownLatch g = gate;
                if (g != null) {
                    g.await();
                }
                byte[] data = Files.readAllBytes(request.file());
                listener.onProgress(new Progress(data.length / 2, data.length / 2, data.length));
                UploadException e = failure.apply(request);
                if (e != null) {
                    throw e;
                }
                String md5 = Checksums.hex(Checksums.newMd5().digest(data));
                if (request.md5().isPresent() && !request.md5().get().equals(md5)) {
                    throw UploadException.retryable("file changed during upload: md5 " + md5, null);
                }
                objects.put(key, data);
                incomplete.remove(id);
                listener.onProgress(new Progress(data.length, data.length, data.length));
                return new UploadResult(key, data.length, md5, data.length);
            } finally {
                active.decrementAndGet();
            }
        });
        return new Upload() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public Progress progress() {
                return new Progress(0, 0, 0);
            }

            @Override
            public Optional<String> resumeToken() {
                return Optional.of(token);
            }

            @Override
            public boolean isDone() {
                return f.isDone();
            }

            @Override
            public UploadResult await() throws UploadException, InterruptedException {
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UploadException) {
                        throw (UploadException) e.getCause();
                    }
                    throw UploadException.retryable("fake failure: " + e.getCause(), e.getCause());
                }
            }

            @Override
            public UploadResult await(long timeout, TimeUnit unit) throws UploadException, InterruptedException, TimeoutException {
                return await();
            }

            @Override
            public Optional<String> pause() {
                CountDownLatch slow = pauseGate;
                if (slow != null) {
                    try {
                        slow.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (f.isDone() && !f.isCancelled()) {
                    return Optional.empty();
                }
                f.cancel(true);
                return Optional.of(token);
            }
        };
    }

    @Override
    public void abort(String token) {
        aborted.add(token);
        try {
            incomplete.remove(ResumeTokens.string(ResumeTokens.open(token, "fake", 1), "uploadId"));
        } catch (UploadException e) {
            // not ours: nothing to remove
        }
    }

    @Override
    public List<IncompleteUpload> listIncomplete(String keyPrefix) {
        List<IncompleteUpload> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new LinkedHashMap<>(incomplete).entrySet()) {
            if (e.getValue().startsWith(keyPrefix)) {
                out.add(new IncompleteUpload(e.getValue(), e.getKey(), initiated.getOrDefault(e.getKey(), 0L),
                        token(e.getKey(), e.getValue())));
            }
        }
        return out;
    }

    @Override
    public Optional<RemoteObject> stat(String key) {
        network();
        statCalls.incrementAndGet();
        byte[] data = objects.get(key);
        if (data == null) {
            return Optional.empty();
        }
        String md5 = lyingStat ? "00000000000000000000000000000000" : Checksums.hex(Checksums.newMd5().digest(data));
        return Optional.of(new RemoteObject(key, data.length, md5, null, null));
    }

    @Override
    public void close() {
        // Tests restart engines on the same store; its daemon threads end with the JVM.
        closed = true;
    }

    private void network() {
        CountDownLatch g = networkGate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
