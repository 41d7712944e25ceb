package org.s3upload.examples.webdav;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.s3upload.spi.ConfigKey;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;

/**
 * Uploads to a WebDAV server (Apache mod_dav, nginx dav, Nextcloud, IIS, ...) using only the JDK.
 * Written as a third-party provider would be: it depends on {@code s3upload-api} alone.
 * Registered in {@code META-INF/services/org.s3upload.spi.UploadTargetProvider}.
 */
public final class WebDavProvider implements UploadTargetProvider {
    /** The id operators configure ({@code s3UploadTarget = webdav}). */
    public static final String ID = "webdav";

    private static final List<ConfigKey> KEYS = Collections.unmodifiableList(Arrays.asList(
            ConfigKey.required(WebDavConfig.URL, "Base collection that keys are written under, http:// or https://, "
                    + "for example https://dav.example.com/recordings/. It must exist; collections below it are created."),
            ConfigKey.optional(WebDavConfig.USERNAME, null, "User name for HTTP Basic authentication; set together with password."),
            ConfigKey.optional(WebDavConfig.PASSWORD, null, "Password for HTTP Basic authentication; set together with username. "
                    + "Use https:// so it is not sent in clear text.").asSecret(),
            ConfigKey.optional(WebDavConfig.CONNECT_TIMEOUT_MS, String.valueOf(WebDavConfig.DEFAULT_CONNECT_TIMEOUT_MS),
                    "Milliseconds to wait for a TCP (and TLS) connection."),
            ConfigKey.optional(WebDavConfig.READ_TIMEOUT_MS, String.valueOf(WebDavConfig.DEFAULT_READ_TIMEOUT_MS),
                    "Milliseconds to wait for the server on an open connection; also bounds how long the server may "
                    + "take to answer once a file was sent.")));

    /** Required by {@link java.util.ServiceLoader}; does no I/O. */
    public WebDavProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String description() {
        return "WebDAV server over HTTP(S): whole-file PUT, MOVE into place, read-back MD5 check";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return KEYS;
    }

    @Override
    public UploadTarget create(Map<String, String> config) throws UploadException {
        return new WebDavTarget(WebDavConfig.parse(config));
    }
}
