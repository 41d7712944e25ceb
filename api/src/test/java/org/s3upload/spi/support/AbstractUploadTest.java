package org.s3upload.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.s3upload.api.Progress;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadResult;

class AbstractUploadTest {

    /** The smallest real subclass: a handle whose pause cancels its outcome. */
    private static final class Handle extends AbstractUpload {
        private final AtomicReference<Progress> progress = new AtomicReference<>(new Progress(0, 0, 3));
        private final AtomicReference<String> token = new AtomicReference<>();

        Handle(UploadListener listener) {
            super("k", listener);
        }

        void sent(Progress p) {
            progress.set(p);
            notifyProgress(p);
        }

        void token(String t) {
            token.set(t);
            notifyResumeToken(t);
        }

        @Override
        public Progress progress() {
            return progress.get();
        }

        @Override
        public Optional<String> resumeToken() {
            return Optional.ofNullable(token.get());
        }

        @Override
        public Optional<String> pause() {
            return outcome().cancel("upload of k was paused") ? resumeToken() : Optional.<String>empty();
        }
    }

    @Test
    void awaitAndIsDoneFollowTheOutcome() throws Exception {
        Handle h = new Handle(null);
        assertThat(h.key()).isEqualTo("k");
        assertThat(h.isDone()).isFalse();
        UploadResult r = new UploadResult("k", 3, "900150983cd24fb0d6963f7d28e17f72", 3);
        h.outcome().complete(r);
        assertThat(h.isDone()).isTrue();
        assertThat(h.await()).isSameAs(r);
        assertThat(h.await(1, TimeUnit.SECONDS)).isSameAs(r);
        assertThat(h.pause()).isEmpty();
    }

    @Test
    void aPauseMakesAwaitThrowCancellation() {
        Handle h = new Handle(null);
        h.token("t1");
        assertThat(h.pause()).contains("t1");
        assertThatThrownBy(h::await).isInstanceOf(CancellationException.class).hasMessage("upload of k was paused");
    }

    @Test
    void aFailureIsRethrownWithItsKind() {
        Handle h = new Handle(null);
        h.outcome().fail(UploadException.permanent("bucket 'b' does not exist"));
        assertThatThrownBy(h::await).isInstanceOf(UploadException.class).hasMessage("bucket 'b' does not exist")
                .satisfies(e -> assertThat(((UploadException) e).kind()).isEqualTo(UploadException.Kind.PERMANENT));
    }

    @Test
    void aThrowingListenerIsCalledAndIgnored() {
        List<Object> seen = new ArrayList<>();
        Handle h = new Handle(new UploadListener() {
            @Override
            public void onProgress(Progress p) {
                seen.add(p);
                throw new IllegalStateException("listener broke");
            }

            @Override
            public void onResumeToken(String token) {
                seen.add(token);
                throw new IllegalStateException("listener broke");
            }
        });
        Progress p = new Progress(2, 1, 3);
        h.sent(p);
        h.token("t2");
        assertThat(seen).containsExactly(p, "t2");
        assertThat(h.progress()).isSameAs(p);
        assertThat(h.resumeToken()).contains("t2");
        assertThat(h.isDone()).isFalse();
    }
}
