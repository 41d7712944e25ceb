package org.s3upload.examples.webdav;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;

import javax.net.ssl.SSLHandshakeException;

import org.s3upload.api.UploadException;

/**
 * Turns HTTP statuses and IO failures into {@link UploadException}s whose kind tells the caller
 * whether to retry, and whose message names the URL (never credentials: the configuration refuses
 * URLs with user information) and the fix.
 */
final class WebDavFailures {
    private WebDavFailures() {
    }

    static UploadException forStatus(String method, URI url, HttpReply r) {
        String what = method + " " + url + " failed with HTTP " + r.status + (r.reason.isEmpty() ? "" : " " + r.reason);
        String detail = r.bodySnippet();
        String server = detail.isEmpty() ? "" : " (server said: " + detail + ")";
        int s = r.status;
        if (s == 401) {
            return UploadException.permanent(what + server + ": the server refused the credentials; check '"
                    + WebDavSettings.USERNAME + "' and '" + WebDavSettings.PASSWORD + "' (Basic authentication)");
        }
        if (s == 403) {
            return UploadException.permanent(what + server + ": the user may not write there; grant it write access to "
                    + "the collection or point '" + WebDavSettings.URL + "' at one it may write");
        }
        if (s == 404 || s == 410) {
            return UploadException.permanent(what + server + ": the collection does not exist; create it on the server or fix '"
                    + WebDavSettings.URL + "'");
        }
        if (s == 405 || s == 501) {
            return UploadException.permanent(what + server + ": the server does not allow " + method
                    + " here; check that '" + WebDavSettings.URL + "' points at a WebDAV collection with WebDAV enabled "
                    + "(for example Apache 'Dav On', nginx 'dav_methods PUT DELETE MKCOL COPY MOVE')");
        }
        if (s == 413) {
            return UploadException.permanent(what + server + ": the file is larger than the server accepts; raise its "
                    + "request body limit (for example nginx client_max_body_size, Apache LimitRequestBody)");
        }
        if (s == 507) {
            return UploadException.permanent(what + server + ": the server has no space left (507 Insufficient Storage); "
                    + "free space or raise the quota");
        }
        if (s == 408 || s == 423 || s == 429 || s >= 500) {
            return UploadException.retryable(what + server + ": the server is busy, locked or failing; retry later", null);
        }
        if (s >= 300 && s < 400) {
            String location = r.header("Location");
            return UploadException.permanent(what + ": the server redirects" + (location != null ? " to " + location : "")
                    + "; set '" + WebDavSettings.URL + "' to the final URL (redirects are not followed)");
        }
        return UploadException.permanent(what + server + ": unexpected answer from the WebDAV server; check '"
                + WebDavSettings.URL + "' and the server's log");
    }

    static UploadException forIo(String method, URI url, IOException e) {
        if (e instanceof SSLHandshakeException) {
            return UploadException.permanent(method + " " + url + " failed: TLS handshake refused (" + e.getMessage()
                    + "); make the JVM trust the server's certificate or fix the host name in '" + WebDavSettings.URL + "'", e);
        }
        String hint = e instanceof UnknownHostException
                ? "the host name does not resolve; check '" + WebDavSettings.URL + "' and DNS"
                : "network failure; retry later";
        return UploadException.retryable(method + " " + url + " failed: " + e + ": " + hint, e);
    }
}
