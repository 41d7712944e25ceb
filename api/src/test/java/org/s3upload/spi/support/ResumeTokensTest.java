package org.s3upload.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.s3upload.api.UploadException;

class ResumeTokensTest {

    @Test
    void envelopeRoundTrips() throws Exception {
        Map<String, Object> m = ResumeTokens.envelope("s3", 2);
        m.put("uploadId", "abc");
        m.put("size", 12L);
        String token = ResumeTokens.write(m);
        assertThat(token).startsWith("{\"provider\":\"s3\",\"format\":2");
        Map<String, Object> opened = ResumeTokens.open(token, "s3", 2);
        assertThat(ResumeTokens.string(opened, "uploadId")).isEqualTo("abc");
        assertThat(ResumeTokens.number(opened, "size")).isEqualTo(12L);
        assertThat(ResumeTokens.providerOf(token)).isEqualTo("s3");
    }

    @Test
    void rejectsOtherProvidersFormatsAndGarbage() {
        String foreign = ResumeTokens.write(ResumeTokens.envelope("filesystem", 1));
        assertRejected(() -> ResumeTokens.open(foreign, "s3", 1), "belongs to provider 'filesystem'");
        String future = ResumeTokens.write(ResumeTokens.envelope("s3", 9));
        assertRejected(() -> ResumeTokens.open(future, "s3", 1), "format 9");
        assertRejected(() -> ResumeTokens.open("not json", "s3", 1), "not valid JSON");
        assertRejected(() -> ResumeTokens.open("[1]", "s3", 1), "not valid JSON");
        assertRejected(() -> ResumeTokens.open("{\"provider\":\"s3\",\"format\":\"1\"}", "s3", 1), "format 1");
        assertThat(ResumeTokens.providerOf("garbage")).isNull();
        assertThat(ResumeTokens.providerOf("{\"provider\":3}")).isNull();
    }

    @Test
    void membersMustHaveTheirType() throws Exception {
        Map<String, Object> m = ResumeTokens.open("{\"provider\":\"s3\",\"format\":1,\"n\":\"7\",\"s\":7}", "s3", 1);
        assertRejected(() -> ResumeTokens.number(m, "n"), "integer member 'n'");
        assertRejected(() -> ResumeTokens.string(m, "s"), "text member 's'");
        assertRejected(() -> ResumeTokens.string(m, "absent"), "text member 'absent'");
    }

    private static void assertRejected(ThrowingCall call, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(UploadException.class, e -> {
            assertThat(e.kind()).isEqualTo(UploadException.Kind.RESUME_REJECTED);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private interface ThrowingCall {
        Object run() throws Exception;
    }
}
