package org.s3upload.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadResult;

class UploadOutcomeTest {
    private static final UploadResult RESULT = new UploadResult("k", 3, "900150983cd24fb0d6963f7d28e17f72", 3);

    @Test
    void theFirstSettlementWins() throws Exception {
        UploadOutcome o = new UploadOutcome("k");
        assertThat(o.isDone()).isFalse();
        assertThat(o.complete(RESULT)).isTrue();
        assertThat(o.cancel("late pause")).isFalse();
        assertThat(o.fail(UploadException.permanent("late failure"))).isFalse();
        assertThat(o.await()).isSameAs(RESULT);
        assertThat(o.isCancelled()).isFalse();
        assertThat(o.isCompletedExceptionally()).isFalse();
    }

    @Test
    void aFailureIsRethrownWithItsKindAndTheOriginalAsCause() {
        UploadOutcome o = new UploadOutcome("k");
        UploadException original = UploadException.permanent("bucket 'b' does not exist");
        o.fail(original);
        assertThatThrownBy(o::await).isInstanceOf(UploadException.class).isNotSameAs(original)
                .hasMessage("bucket 'b' does not exist").hasCause(original)
                .satisfies(e -> assertThat(((UploadException) e).kind()).isEqualTo(UploadException.Kind.PERMANENT));
        assertThat(o.isCompletedExceptionally()).isTrue();
        assertThat(o.isCancelled()).isFalse();
    }

    @Test
    void aCancellationSurfacesAsCancellationException() {
        UploadOutcome o = new UploadOutcome("k");
        assertThat(o.cancel("upload of k was paused")).isTrue();
        assertThat(o.isCancelled()).isTrue();
        assertThatThrownBy(() -> o.await(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class)
                .hasMessageContaining("paused");
    }

    @Test
    void waitingForAnUnsettledOutcomeTimesOut() {
        assertThatThrownBy(() -> new UploadOutcome("k").await(10, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class)
                .hasMessage("upload of 'k' still running after 10 MILLISECONDS");
    }
}
