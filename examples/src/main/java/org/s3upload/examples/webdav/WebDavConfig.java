package org.s3upload.examples.webdav;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.s3upload.api.UploadException;

/**
 * The validated settings of one WebDAV target. Immutable. {@link #toString()} and every message
 * built here leave the password out.
 */
final class WebDavConfig {
    static final String URL = "url";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
    static final String READ_TIMEOUT_MS = "readTimeoutMs";

    static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    static final int DEFAULT_READ_TIMEOUT_MS = 120_000;

    /** The base collection, always ending in '/', without user info, query or fragment. */
    final URI base;
    final String username;
    private final String password;
    final int connectTimeoutMs;
    final int readTimeoutMs;

    private WebDavConfig(URI base, String username, String password, int connectTimeoutMs, int readTimeoutMs) {
        this.base = base;
        this.username = username;
        this.password = password;
        this.connectTimeoutMs = connectTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
    }

    /**
     * Validates everything first and reports every problem in one PERMANENT exception, each naming
     * its key and the fix; the password's value never appears.
     */
    static WebDavConfig parse(Map<String, String> config) throws UploadException {
        List<String> problems = new ArrayList<>();
        URI base = parseUrl(trimmed(config, URL), problems);
        String username = trimmed(config, USERNAME);
        String password = config.get(PASSWORD);
        if (password != null && password.isEmpty()) {
            password = null;
        }
        if (username != null && password == null) {
            problems.add("'" + PASSWORD + "' is missing but '" + USERNAME + "' is set: set both for Basic authentication, or neither");
        }
        if (username == null && password != null) {
            problems.add("'" + USERNAME + "' is missing but '" + PASSWORD + "' is set: set both for Basic authentication, or neither");
        }
        if (username != null && username.indexOf(':') >= 0) {
            problems.add("'" + USERNAME + "' contains ':', which Basic authentication cannot carry: use a user name without ':'");
        }
        int connect = millis(config, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, problems);
        int read = millis(config, READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS, problems);
        if (!problems.isEmpty()) {
            throw UploadException.permanent("invalid WebDAV configuration: " + String.join("; ", problems));
        }
        return new WebDavConfig(base, username, password, connect, read);
    }

    /** The Authorization header value, or null without credentials. Never log it. */
    String authorization() {
        if (username == null) {
            return null;
        }
        byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    private static URI parseUrl(String url, List<String> problems) {
        if (url == null) {
            problems.add("'" + URL + "' is missing: set it to the base collection, for example https://dav.example.com/recordings/");
            return null;
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            // The value may carry credentials (user:password@host), so it is not repeated.
            problems.add("'" + URL + "' is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "): use a form like https://dav.example.com/recordings/");
            return null;
        }
        if (u.getRawUserInfo() != null) {
            problems.add("'" + URL + "' contains user information (user:password@): remove it and set '" + USERNAME
                    + "' and '" + PASSWORD + "' instead");
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add("'" + URL + "' = '" + url + "' must start with https:// or http://");
            return null;
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            problems.add("'" + URL + "' = '" + url + "' has no host name: use a form like https://dav.example.com/recordings/");
            return null;
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            problems.add("'" + URL + "' = '" + url + "' has a query or fragment (?... or #...): remove it, the URL names a collection");
            return null;
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        if (path.contains("//") || path.contains("/./") || path.contains("/../")) {
            problems.add("'" + URL + "' = '" + url + "' has an empty, '.' or '..' path segment: write the collection's path plainly");
            return null;
        }
        return URI.create(scheme + "://" + u.getRawAuthority() + path);
    }

    private static int millis(Map<String, String> config, String key, int def, List<String> problems) {
        String v = trimmed(config, key);
        if (v == null) {
            return def;
        }
        try {
            long ms = Long.parseLong(v);
            if (ms > 0 && ms <= Integer.MAX_VALUE) {
                return (int) ms;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("'" + key + "' = '" + v + "' is not a positive whole number of milliseconds: use for example " + def);
        return def;
    }

    private static String trimmed(Map<String, String> config, String key) {
        String v = config.get(key);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }

    @Override
    public String toString() {
        return "WebDavConfig{url=" + base + (username != null ? ", username=" + username + ", password=****" : "")
                + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs=" + readTimeoutMs + "}";
    }
}
