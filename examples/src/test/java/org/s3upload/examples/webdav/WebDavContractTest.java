package org.s3upload.examples.webdav;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.contract.Capability;
import org.s3upload.api.contract.UploadTargetContractTest;

/** The api's contract suite against the WebDAV provider and a WebDAV server in this JVM. */
class WebDavContractTest extends UploadTargetContractTest {
    @TempDir
    static Path serverRoot;
    private static WebDavTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new WebDavTestServer(serverRoot);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected UploadTargetProvider provider() {
        return new WebDavProvider();
    }

    @Override
    protected Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("url", server.url());
        c.put("username", WebDavTestServer.USER);
        c.put("password", WebDavTestServer.PASSWORD);
        c.put("connectTimeoutMs", "5000");
        c.put("readTimeoutMs", "30000");
        return c;
    }

    @Override
    protected byte[] readObject(String key) throws Exception {
        return Files.readAllBytes(server.file(key));
    }

    /** The provider sends whole files; this only sizes the suite's "multi-part" files (about 3.4 MB). */
    @Override
    protected long partSize() {
        return 1L << 20;
    }

    @Override
    protected Map<String, Map<String, String>> invalidConfigs() {
        Map<String, Map<String, String>> bad = new LinkedHashMap<>();
        bad.put("url", with(config(), "url", "ftp://127.0.0.1/dav/"));
        bad.put("password", with(config(), "password", null));
        bad.put("username", with(config(), "username", null));
        bad.put("connectTimeoutMs", with(config(), "connectTimeoutMs", "-5"));
        bad.put("readTimeoutMs", with(config(), "readTimeoutMs", "soon"));
        return bad;
    }

    @Override
    protected Optional<String> lacks(Capability capability) {
        switch (capability) {
            case RESUME:
                return Optional.of("WebDAV has no portable way to continue a PUT that was cut short (partial PUT with "
                        + "Content-Range is optional per RFC 9110 14.5 and not advertised by WebDAV servers) and no "
                        + "server-side concatenation of chunks, so a resume can only skip the PUT when the partial upload "
                        + "is already complete; WebDavTargetTest covers that case");
            case PAUSE:
                return Optional.of("a file goes in one PUT, so nothing is known stored (bytesDone) until it ends, and a "
                        + "PUT cut short by pause() leaves nothing to resume from: pause() stops it and returns empty; "
                        + "WebDavTargetTest covers pausing during the PUT");
            default:
                return Optional.empty();
        }
    }
}
