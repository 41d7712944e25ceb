package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.s3upload.spi.support.ResumeTokens;
import org.s3upload.api.UploadException;

import com.amazonaws.services.s3.transfer.PersistableUpload;

class S3ResumeTokenTest {
    @Test
    void roundTrips() throws Exception {
        S3ResumeToken t = S3ResumeToken.of("b", "p/k.mp4", "id-1", 8L << 20, 16L << 20, "/rec/k.mp4", 123, 456,
                "0123456789abcdef0123456789abcdef", "video/mp4");
        String json = t.toJson();
        assertThat(ResumeTokens.providerOf(json)).isEqualTo("s3");
        S3ResumeToken back = S3ResumeToken.parse(json);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(back.legacy).isFalse();
        assertThat(back.abortOnly).isFalse();
        assertThat(back.fileSize).isEqualTo(123);
        assertThat(back.fileMtime).isEqualTo(456);
    }

    @Test
    void readsTheOriginalModulesMarkerAsWrittenBySdk1_10() throws Exception {
        // The public constructor and serialize() of 1.10.77: byte for byte what the original wrote.
        String marker = new PersistableUpload("bucket", "prefix/myStream.mp4", "/abs/myStream.mp4", "upload-1",
                5L << 20, 16L << 20).serialize();
        assertThat(marker).contains("\"pauseType\":\"upload\"", "\"mutlipartUploadThreshold\"");
        S3ResumeToken t = S3ResumeToken.parse(marker);
        assertThat(t.legacy).isTrue();
        assertThat(t.bucket).isEqualTo("bucket");
        assertThat(t.objectKey).isEqualTo("prefix/myStream.mp4");
        assertThat(t.uploadId).isEqualTo("upload-1");
        assertThat(t.partSize).isEqualTo(5L << 20);
        assertThat(t.file).isEqualTo("/abs/myStream.mp4");
    }

    @Test
    void abortOnlyTokensAreRecognised() throws Exception {
        S3ResumeToken t = S3ResumeToken.parse(S3ResumeToken.abortOnly("b", "k", "id").toJson());
        assertThat(t.abortOnly).isTrue();
    }

    @Test
    void rejectsOtherShapes() {
        for (String bad : new String[] {"", "{", "{\"pauseType\":\"download\"}", "{\"provider\":\"s3\",\"format\":2}",
                "{\"provider\":\"s3\",\"format\":1,\"bucket\":\"b\"}"}) {
            UploadException e = assertThrows(UploadException.class, () -> S3ResumeToken.parse(bad), bad);
            assertThat(e.kind()).isEqualTo(UploadException.Kind.RESUME_REJECTED);
        }
    }
}
