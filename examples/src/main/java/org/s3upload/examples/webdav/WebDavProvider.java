package org.s3upload.examples.webdav;

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
        return WebDavSettings.KEYS;
    }

    @Override
    public UploadTarget create(Map<String, String> config) throws UploadException {
        return new WebDavTarget(WebDavSettings.parse(config));
    }
}
