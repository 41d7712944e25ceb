package org.s3upload.api.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;

/** Each fault of the faulty double does what it says, and ends when it is cleared or released. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultyInMemoryUploadTargetTest {
    private static final long PART = 4;

    @TempDir
    Path dir;

    private final InMemoryStore store = new InMemoryStore();
    private final FaultyInMemoryUploadTarget target = new FaultyInMemoryUploadTarget(store, PART);

    @AfterEach
    void close() {
        target.releaseUploads();
        target.releaseRemoteCalls();
        target.releasePauses();
        target.close();
    }

    private UploadRequest request(String key, String content) throws Exception {
        Path f = dir.resolve(key.replace('/', '_'));
        Files.write(f, content.getBytes("UTF-8"));
        return UploadRequest.builder(f, key).build();
    }

    @Test
    void failNextFailsThatManyUploadsWithTheKindThenSucceeds() throws Exception {
        target.failNext(2, UploadException.Kind.PERMANENT);
        UploadRequest r = request("a.mp4", "recording");
        for (int i = 0; i < 2; i++) {
            UploadException e = assertThrows(UploadException.class, () -> target.start(r, UploadListener.NONE).await());
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("a.mp4");
        }
        assertThat(store.objects()).isEmpty();
        target.start(r, UploadListener.NONE).await();
        assertThat(new String(store.objects().get("a.mp4"), "UTF-8")).isEqualTo("recording");
    }

    @Test
    void aFailedMultiPartUploadResumesFromItsToken() throws Exception {
        target.failWhen(req -> UploadException.retryable("503 Slow Down", null));
        UploadRequest r = request("b.mp4", "more than one part");
        AtomicReference<String> token = new AtomicReference<>();
        Upload failed = target.start(r, new UploadListener() {
            @Override
            public void onResumeToken(String t) {
                token.set(t);
            }
        });
        assertThat(assertThrows(UploadException.class, failed::await).kind()).isEqualTo(UploadException.Kind.RETRYABLE);
        assertThat(store.incomplete()).containsValue("b.mp4");
        target.failWhen(null);
        target.resume(token.get(), r, UploadListener.NONE).await();
        assertThat(target.resumed()).containsExactly(token.get());
        assertThat(store.incomplete()).isEmpty();
    }

    @Test
    void heldUploadsWaitUntilReleasedThenComplete() throws Exception {
        target.holdUploads();
        Upload u = target.start(request("c.mp4", "held"), UploadListener.NONE);
        while (target.active() == 0) {
            Thread.sleep(1);
        }
        assertThat(u.isDone()).isFalse();
        assertThat(store.objects()).isEmpty();
        target.releaseUploads();
        u.await();
        assertThat(store.objects()).containsKey("c.mp4");
        assertThat(target.maxActive()).isEqualTo(1);
    }

    @Test
    void heldRemoteCallsBlockUntilReleased() throws Exception {
        target.start(request("d.mp4", "x"), UploadListener.NONE).await();
        target.holdRemoteCalls();
        CompletableFuture<Boolean> stat = CompletableFuture.supplyAsync(() -> {
            try {
                return target.stat("d.mp4").isPresent();
            } catch (UploadException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(stat).isNotDone();
        target.releaseRemoteCalls();
        assertThat(stat.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void lyingStatReportsAWrongMd5() throws Exception {
        UploadRequest r = request("e.mp4", "kept");
        String md5 = target.start(r, UploadListener.NONE).await().md5().get();
        target.lieInStat(true);
        assertThat(target.stat("e.mp4").get().matches(4, md5)).isFalse();
        target.lieInStat(false);
        assertThat(target.stat("e.mp4").get().matches(4, md5)).isTrue();
    }

    @Test
    void withheldTokenIsNotPublishedOnStart() throws Exception {
        target.withholdTokenOnStart(true);
        AtomicReference<String> token = new AtomicReference<>();
        target.start(request("f.mp4", "several parts long"), new UploadListener() {
            @Override
            public void onResumeToken(String t) {
                token.set(t);
            }
        }).await();
        assertThat(token.get()).isNull();
    }

    @Test
    void heldPauseReturnsOnlyWhenReleased() throws Exception {
        target.holdUploads();
        Upload u = target.start(request("g.mp4", "several parts long"), UploadListener.NONE);
        target.holdPauses();
        CompletableFuture<java.util.Optional<String>> paused = CompletableFuture.supplyAsync(u::pause);
        Thread.sleep(100);
        assertThat(paused).isNotDone();
        target.releasePauses();
        assertThat(paused.get(30, TimeUnit.SECONDS)).isPresent();
    }
}
