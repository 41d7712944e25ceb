package org.s3upload.examples.webdav;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A response: status, headers (names case-insensitive) and the body when it was kept in memory. */
final class HttpReply {
    final int status;
    final String reason;
    private final Map<String, String> headers;
    final byte[] body;

    HttpReply(int status, String reason, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.reason = reason;
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = Collections.unmodifiableMap(h);
        this.body = body;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The start of the body as text, for error messages; servers often explain a refusal there. */
    String bodySnippet() {
        if (body == null || body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return s.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    }
}
