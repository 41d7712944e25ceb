package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadException.Kind;

import com.amazonaws.AmazonClientException;
import com.amazonaws.services.s3.model.AmazonS3Exception;

/** Classification of the SDK's error values (plain exception objects, as the SDK builds them). */
class S3ErrorsTest {
    private static S3Settings settings() throws UploadException {
        Map<String, String> m = new HashMap<>();
        m.put("bucket", "media");
        m.put("keyPrefix", "live/");
        m.put("cannedAcl", "public-read");
        m.put("secretKey", "top-secret-value");
        m.put("accessKey", "AKIDEXAMPLE");
        return S3Settings.parse(m);
    }

    private static AmazonS3Exception s3(int status, String code) {
        AmazonS3Exception e = new AmazonS3Exception("S3 says " + code);
        e.setStatusCode(status);
        e.setErrorCode(code);
        return e;
    }

    @ParameterizedTest
    @CsvSource({
            "503, SlowDown, RETRYABLE, retry later",
            "500, InternalError, RETRYABLE, retry later",
            "400, RequestTimeout, RETRYABLE, retry later",
            "503, '', RETRYABLE, retry later",
            "403, AccessDenied, PERMANENT, s3:PutObject",
            "403, InvalidAccessKeyId, PERMANENT, 'accessKey'",
            "403, SignatureDoesNotMatch, PERMANENT, 'secretKey'",
            "404, NoSuchBucket, PERMANENT, bucket 'media' does not exist",
            "400, AccessControlListNotSupported, PERMANENT, remove 'cannedAcl'",
            "400, InvalidArgument, PERMANENT, check 'sse'",
            "400, EntityTooLarge, PERMANENT, 'partSize'",
            "301, PermanentRedirect, PERMANENT, set 'region'",
            "400, AuthorizationHeaderMalformed, PERMANENT, set 'region'",
            "404, NoSuchUpload, RESUME_REJECTED, start the upload afresh",
    })
    void classifiesServiceErrors(int status, String code, Kind kind, String hint) throws Exception {
        // Wrapped the way CompleteMultipartUpload reports a failed part.
        Throwable t = new AmazonClientException("Unable to complete multi-part upload. Individual part upload failed",
                s3(status, code));
        UploadException e = S3Errors.classify(t, "uploading /r/a.mp4 to s3://media/live/a.mp4", settings());
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).contains("s3://media/live/a.mp4", hint).doesNotContain("top-secret-value");
    }

    @Test
    void networkFailuresAreRetryableAndLocalFileProblemsPermanent() throws Exception {
        UploadException net = S3Errors.classify(new AmazonClientException("Unable to execute HTTP request",
                new SocketTimeoutException("Read timed out")), "x", settings());
        assertThat(net.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(net.getMessage()).contains("SocketTimeoutException");
        UploadException file = S3Errors.classify(new AmazonClientException("Unable to read",
                new FileNotFoundException("/r/a.mp4 (No such file or directory)")), "x", settings());
        assertThat(file.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(S3Errors.isNoSuchUpload(new AmazonClientException("x", s3(404, "NoSuchUpload")))).isTrue();
    }
}
