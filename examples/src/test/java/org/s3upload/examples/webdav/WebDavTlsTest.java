package org.s3upload.examples.webdav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;

/**
 * HTTPS through the JVM's default TLS context: an upload works when the certificate is trusted and
 * names the host, and fails PERMANENT when it names another host (host name verification is on).
 * Certificates come from the JDK's keytool, made once for the class.
 */
class WebDavTlsTest {
    private static final char[] PASS = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static SSLContext previousDefault;
    private static WebDavTestServer rightName;
    private static WebDavTestServer wrongName;

    @BeforeAll
    static void start() throws Exception {
        Path good = keystore("good", "ip:127.0.0.1");
        Path other = keystore("other", "dns:dav.example.com");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("good", load(good).getCertificate("dav"));
        trust.setCertificateEntry("other", load(other).getCertificate("dav"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        previousDefault = SSLContext.getDefault();
        SSLContext.setDefault(client); // what -Djavax.net.ssl.trustStore does for an operator
        rightName = new WebDavTestServer(Files.createDirectories(dir.resolve("right")), serverContext(good));
        wrongName = new WebDavTestServer(Files.createDirectories(dir.resolve("wrong")), serverContext(other));
    }

    @AfterAll
    static void stop() {
        rightName.close();
        wrongName.close();
        SSLContext.setDefault(previousDefault);
    }

    @Test
    void uploadsOverHttpsToATrustedServer() throws Exception {
        Path f = Files.write(dir.resolve("rec.bin"), new byte[300_000]);
        try (UploadTarget t = new WebDavProvider().create(config(rightName.url()))) {
            UploadResult r = t.start(UploadRequest.builder(f, "tls/rec.bin").build(), UploadListener.NONE)
                    .await(60, TimeUnit.SECONDS);
            assertThat(r.md5()).contains(Checksums.md5Hex(f));
            assertThat(t.stat("tls/rec.bin").get().matches(300_000, r.checksum().toString())).isTrue();
        }
        assertThat(rightName.url()).startsWith("https://");
        assertThat(Files.readAllBytes(rightName.file("tls/rec.bin"))).hasSize(300_000);
    }

    @Test
    void aCertificateForAnotherHostIsRefusedPermanently() throws Exception {
        try (UploadTarget t = new WebDavProvider().create(config(wrongName.url()))) {
            UploadException e = org.junit.jupiter.api.Assertions.assertThrows(UploadException.class, () -> t.stat("x.bin"));
            assertThat(e.kind()).isEqualTo(UploadException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains(wrongName.url()).contains("TLS").contains("'url'");
        }
        assertThat(Files.exists(wrongName.file("x.bin"))).isFalse();
    }

    private static Map<String, String> config(String url) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("url", url);
        c.put("username", WebDavTestServer.USER);
        c.put("password", WebDavTestServer.PASSWORD);
        return c;
    }

    private static Path keystore(String name, String san) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = Arrays.asList(keytool.toString(), "-genkeypair", "-alias", "dav", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=s3upload test", "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", new String(PASS), "-keypass", new String(PASS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool: " + out).isZero();
        return ks;
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASS);
        }
        return ks;
    }

    private static SSLContext serverContext(Path p12) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(p12), PASS);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }
}
