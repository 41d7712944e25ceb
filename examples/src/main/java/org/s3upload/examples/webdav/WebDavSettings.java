package org.s3upload.examples.webdav;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.s3upload.api.UploadException;
import org.s3upload.spi.ConfigKey;
import org.s3upload.spi.support.Setting;
import org.s3upload.spi.support.SettingsReader;

/**
 * The validated settings of one WebDAV target. Immutable. {@link #toString()} and every message
 * built here leave the password out.
 */
final class WebDavSettings {
    // Every key declared once; parsing, configKeys() and the guide's key table (WebDavGuideTableTest) derive from these.
    static final Setting<String> URL = Setting.text("url", "Base collection that keys are written under, http:// or "
            + "https://, for example https://dav.example.com/recordings/. It must exist; collections below it are created.")
            .required("set it to the base collection, for example https://dav.example.com/recordings/");
    static final Setting<String> USERNAME = Setting.text("username",
            "User name for HTTP Basic authentication; set together with password.");
    static final Setting<String> PASSWORD = Setting.text("password", "Password for HTTP Basic authentication; set "
            + "together with username. Use https:// so it is not sent in clear text.").secret();
    static final Setting<Integer> CONNECT_TIMEOUT_MS = Setting.wholeNumber("connectTimeoutMs", 10_000, 1, Integer.MAX_VALUE,
            "Milliseconds to wait for a TCP (and TLS) connection.");
    static final Setting<Integer> READ_TIMEOUT_MS = Setting.wholeNumber("readTimeoutMs", 120_000, 1, Integer.MAX_VALUE,
            "Milliseconds to wait for the server on an open connection; also bounds how long the server may take to "
            + "answer once a file was sent.");

    static final List<Setting<?>> SETTINGS = Collections.unmodifiableList(Arrays.<Setting<?>>asList(URL, USERNAME, PASSWORD,
            CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS));
    static final List<ConfigKey> KEYS = SettingsReader.keys(SETTINGS);

    /** The base collection, always ending in '/', without user info, query or fragment. */
    final URI base;
    final String username;
    private final String password;
    final int connectTimeoutMs;
    final int readTimeoutMs;

    private WebDavSettings(URI base, String username, String password, int connectTimeoutMs, int readTimeoutMs) {
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
    static WebDavSettings parse(Map<String, String> config) throws UploadException {
        SettingsReader settings = new SettingsReader(config);
        String url = settings.get(URL);
        URI base = url == null ? null : parseUrl(url, settings);
        String username = settings.get(USERNAME);
        // Read verbatim, not trimmed: blanks may belong to a password.
        String password = config.get(PASSWORD.name());
        if (password != null && password.isEmpty()) {
            password = null;
        }
        if (username != null && password == null) {
            settings.problem("'" + PASSWORD + "' is missing but '" + USERNAME + "' is set: set both for Basic authentication, or neither");
        }
        if (username == null && password != null) {
            settings.problem("'" + USERNAME + "' is missing but '" + PASSWORD + "' is set: set both for Basic authentication, or neither");
        }
        if (username != null && username.indexOf(':') >= 0) {
            settings.problem("'" + USERNAME + "' contains ':', which Basic authentication cannot carry: use a user name without ':'");
        }
        int connect = settings.get(CONNECT_TIMEOUT_MS);
        int read = settings.get(READ_TIMEOUT_MS);
        settings.throwIfInvalid("invalid WebDAV configuration");
        return new WebDavSettings(base, username, password, connect, read);
    }

    /** The Authorization header value, or null without credentials. Never log it. */
    String authorization() {
        if (username == null) {
            return null;
        }
        byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    private static URI parseUrl(String url, SettingsReader settings) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            // The value may carry credentials (user:password@host), so it is not repeated.
            settings.problem("'" + URL + "' is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "): use a form like https://dav.example.com/recordings/");
            return null;
        }
        if (u.getRawUserInfo() != null) {
            settings.problem("'" + URL + "' contains user information (user:password@): remove it and set '" + USERNAME
                    + "' and '" + PASSWORD + "' instead");
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            settings.problem("'" + URL + "' = '" + url + "' must start with https:// or http://");
            return null;
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            settings.problem("'" + URL + "' = '" + url + "' has no host name: use a form like https://dav.example.com/recordings/");
            return null;
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            settings.problem("'" + URL + "' = '" + url + "' has a query or fragment (?... or #...): remove it, the URL names a collection");
            return null;
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        if (path.contains("//") || path.contains("/./") || path.contains("/../")) {
            settings.problem("'" + URL + "' = '" + url + "' has an empty, '.' or '..' path segment: write the collection's path plainly");
            return null;
        }
        return URI.create(scheme + "://" + u.getRawAuthority() + path);
    }

    @Override
    public String toString() {
        return "WebDavSettings{url=" + base + (username != null ? ", username=" + username + ", password=****" : "")
                + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs=" + readTimeoutMs + "}";
    }
}
