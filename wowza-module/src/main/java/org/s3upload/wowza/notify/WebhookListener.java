package org.s3upload.wowza.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import org.s3upload.spi.notify.CompletionEvent;
import org.s3upload.spi.notify.CompletionListener;
import org.s3upload.spi.notify.EventRejectedException;

/**
 * The built-in listener: POSTs each event's JSON ({@link EventJson}) to {@code s3UploadWebhookUrl}
 * with the headers {@link #ID_HEADER}, {@link #TYPE_HEADER} and, with a secret, {@link #SIGNATURE_HEADER}.
 * A 2xx answer delivers the event; 408, 429, any 5xx, a timeout or a connection failure is retried
 * (by the deliverer, with backoff); any other answer (3xx, 4xx) refuses the event for good. Uses the
 * JDK's {@link HttpURLConnection} so that the module JAR needs no HTTP library. The URL is shown in
 * log lines without user info or query, and the secret never.
 */
public final class WebhookListener implements CompletionListener {
    public static final String ID_HEADER = "X-S3Upload-Event-Id";
    public static final String TYPE_HEADER = "X-S3Upload-Event-Type";
    public static final String SIGNATURE_HEADER = "X-S3Upload-Signature";
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int READ_TIMEOUT_MILLIS = 15_000;

    private final URL url;
    private final String shown;
    private final String secret;

    private WebhookListener(URL url, String secret) {
        this.url = url;
        this.shown = shown(url);
        this.secret = secret;
    }

    /**
     * @param secret the HMAC key, or null for unsigned posts
     * @throws IllegalArgumentException naming the problem (never the secret) when the URL is not an http(s) URL
     */
    public static WebhookListener create(String url, String secret) {
        URL u;
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("s3UploadWebhookUrl must be an http:// or https:// URL with a host, not '"
                        + shownText(url) + "'");
            }
            u = uri.toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException("s3UploadWebhookUrl is not a valid URL ('" + shownText(url) + "'): fix its syntax");
        }
        return new WebhookListener(u, secret == null || secret.isEmpty() ? null : secret);
    }

    @Override
    public String name() {
        return "webhook";
    }

    /** The URL as it may be logged: scheme, host, port and path. */
    public String shownUrl() {
        return shown;
    }

    @Override
    public void onEvent(CompletionEvent event) throws IOException, EventRejectedException {
        byte[] body = EventJson.write(event);
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        c.setReadTimeout(READ_TIMEOUT_MILLIS);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setFixedLengthStreamingMode(body.length);
        c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
        c.setRequestProperty("User-Agent", "s3upload-webhook/" + EventJson.VERSION);
        c.setRequestProperty(ID_HEADER, event.id());
        c.setRequestProperty(TYPE_HEADER, event.type().name().toLowerCase(Locale.ROOT));
        if (secret != null) {
            c.setRequestProperty(SIGNATURE_HEADER, WebhookSignature.of(secret, body));
        }
        int status;
        try {
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            status = c.getResponseCode();
            drain(c, status);
        } catch (IOException e) {
            c.disconnect();
            throw new IOException("POST to " + shown + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? " " + e.getMessage() : ""));
        }
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new IOException(shown + " answered HTTP " + status);
        }
        throw new EventRejectedException(shown + " answered HTTP " + status + " (only 2xx accepts an event; 408, 429 and"
                + " 5xx are retried, every other status refuses it)");
    }

    /** Reads the answer's body away so the connection can be reused. */
    private static void drain(HttpURLConnection c, int status) throws IOException {
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null) {
            return;
        }
        try (InputStream i = in) {
            byte[] buf = new byte[4096];
            long total = 0;
            int n;
            while ((n = i.read(buf)) > 0 && (total += n) < 1 << 20) {
                // discarded
            }
        }
    }

    private static String shown(URL u) {
        return u.getProtocol() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "") + u.getPath();
    }

    /** {@code url} as it may be logged: scheme, host, port and path, never user info or query. */
    public static String shownText(String url) {
        try {
            return shown(new URL(url.trim()));
        } catch (MalformedURLException | RuntimeException e) {
            return "<" + url.trim().length() + " characters>";
        }
    }

    @Override
    public String toString() {
        return "WebhookListener{" + shown + (secret != null ? ", signed" : "") + "}";
    }
}
