package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.s3upload.provider.s3.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.spi.support.Checksums;

/**
 * An {@code https} endpoint works with the JVM's trust store and nothing else: S3Proxy serves TLS
 * with a fresh self-signed certificate (keytool, SAN localhost/127.0.0.1); a child JVM whose
 * {@code javax.net.ssl.trustStore} holds that certificate uploads and verifies; one with the
 * default trust store is refused with a certificate error, so no "trust everything" shortcut exists.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpsTrustStoreTest {
    private static final String PASS = "changeit";

    @TempDir
    Path dir;

    @Test
    void httpsUploadsWithTheJvmTrustStoreAndIsRefusedWithout() throws Exception {
        Path keys = dir.resolve("server.p12");
        Path cert = dir.resolve("server.cer");
        Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", keys.toString(),
                "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-alias", "s3", "-keystore", keys.toString(), "-storepass", PASS, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "s3", "-file", cert.toString(), "-keystore", trust.toString(),
                "-storetype", "PKCS12", "-storepass", PASS);

        Path data = Files.createDirectories(dir.resolve("s3data"));
        Files.createDirectories(data.resolve("tls")); // a bucket of the filesystem store is a directory
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", data.toString());
        BlobStore store = BlobStores.create("filesystem-nio2", p);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(keys.toString(), PASS)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                .build();
        proxy.start();
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            String endpoint = "https://localhost:" + proxy.getSecurePort();
            Path file = Files.write(dir.resolve("secure.mp4"), Host.bytes(200_000, 9));

            String trusted = child(endpoint, file, trust);
            assertThat(trusted).isEqualTo("OK " + Checksums.md5Hex(file));
            assertThat(Files.readAllBytes(data.resolve("tls").resolve("secure.mp4"))).isEqualTo(Files.readAllBytes(file));

            String untrusted = child(endpoint, file, null);
            assertThat(untrusted).startsWith("FAILED").containsIgnoringCase("certif");
        } finally {
            proxy.stop();
            store.close();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private String child(String endpoint, Path file, Path trustStore) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add("-Xmx128m");
        if (trustStore != null) {
            cmd.add("-Djavax.net.ssl.trustStore=" + trustStore);
            cmd.add("-Djavax.net.ssl.trustStorePassword=" + PASS);
            cmd.add("-Djavax.net.ssl.trustStoreType=PKCS12");
        }
        cmd.addAll(List.of(HttpsUploadChild.class.getName(), endpoint, "tls", file.toString(),
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("child-" + System.nanoTime() + ".log").toFile()).start();
        String line = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.startsWith("OK ") || l.startsWith("FAILED ")) {
                    line = l;
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return line;
    }
}
