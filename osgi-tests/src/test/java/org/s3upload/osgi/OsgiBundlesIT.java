package org.s3upload.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.s3upload.provider.s3.S3ProxyExtension;
import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The shipped JARs as bundles in Apache Felix with Apache Aries SPI Fly: the api, the filesystem
 * provider and the shaded S3 provider are installed unchanged, and a caller that uses nothing but
 * {@code UploadTargets} finds both providers by id and uploads through each.
 */
class OsgiBundlesIT {
    private static final String BUCKET = "osgi";

    @TempDir
    static Path work;

    /** S3Proxy on loopback, on the test's class path outside the framework: the bundles reach it over HTTP. */
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    private static FelixWithSpiFly felix;
    private static Bundle api;
    private static Bundle filesystem;
    private static Bundle s3Provider;
    private static Class<?> caller;

    @BeforeAll
    static void start() throws Exception {
        felix = FelixWithSpiFly.start(work.resolve("felix"));
        api = felix.install(FelixWithSpiFly.TestClassPath.jar("s3upload-api-"));
        filesystem = felix.install(FelixWithSpiFly.TestClassPath.jar("s3upload-provider-filesystem-"));
        s3Provider = felix.install(FelixWithSpiFly.TestClassPath.jar("s3upload-provider-s3-", "-wowza.jar"));
        for (Bundle b : List.of(api, filesystem, s3Provider)) {
            felix.start(b);
        }
        caller = new ApiBundleLoader(api).loadClass(BundleCaller.class.getName());
    }

    @AfterAll
    static void stop() throws Exception {
        if (felix != null) {
            felix.close();
        }
    }

    @Test
    void everyBundleResolvesAndStarts() {
        for (Bundle b : List.of(api, filesystem, s3Provider)) {
            assertThat(b.getState()).as("state of %s", b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
        }
        assertThat(api.getSymbolicName()).isEqualTo("org.s3upload.api");
        assertThat(filesystem.getSymbolicName()).isEqualTo("org.s3upload.provider.filesystem");
        assertThat(s3Provider.getSymbolicName()).isEqualTo("org.s3upload.provider.s3");
    }

    @Test
    void bothProvidersAreDiscoveredByIdFromTheirOwnBundles() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, ClassLoader> found = (Map<String, ClassLoader>) call("providerLoaders");
        assertThat(found).containsOnlyKeys("filesystem", "s3");
        assertThat(found.get("filesystem")).isSameAs(loaderOf(filesystem));
        assertThat(found.get("s3")).isSameAs(loaderOf(s3Provider));
        assertThat((List<?>) call("problemsAndConflicts")).isEmpty();
    }

    @Test
    void theCallerUsesTheApiBundlesClasses() throws Exception {
        Class<?> targets = caller.getClassLoader().loadClass("org.s3upload.api.UploadTargets");
        assertThat(targets.getClassLoader()).isSameAs(loaderOf(api));
    }

    @Test
    void uploadsThroughTheFilesystemProviderBundle() throws Exception {
        Path root = Files.createDirectories(work.resolve("nas"));
        Path file = recording("fs.mp4", 300_000);
        String md5 = (String) call("upload", "filesystem", Map.of("root", root.toString()), file, "live/fs.mp4");
        assertThat(Files.readAllBytes(root.resolve("live/fs.mp4"))).isEqualTo(Files.readAllBytes(file));
        assertThat(md5).isEqualTo(md5Hex(Files.readAllBytes(file)));
    }

    @Test
    void uploadsThroughTheShadedS3ProviderBundleInParts() throws Exception {
        // Over the 5 MiB multipart threshold: the SDK's TransferManager threads run inside the bundle too.
        Path file = recording("s3.mp4", 6 * 1024 * 1024 + 123);
        String checksum = (String) call("upload", "s3", S3.server().config(BUCKET), file, "live/s3.mp4");
        byte[] stored = S3.server().read(BUCKET, "live/s3.mp4");
        assertThat(stored).isEqualTo(Files.readAllBytes(file));
        // In parts: the proof is S3's part-MD5 checksum, recomputed here from the local file.
        Checksum proven = Checksum.parse(checksum);
        assertThat(proven.kind()).isEqualTo(Checksum.Kind.PART_MD5S);
        assertThat(Checksums.of(file, proven)).isEqualTo(proven);
    }

    @Test
    void onlyTheApiBundleExportsPackages() {
        String exports = api.getHeaders().get(Constants.EXPORT_PACKAGE);
        assertThat(exports.replaceAll(";version=\"[^\"]*\"", "").replaceAll(";uses:=\"[^\"]*\"", "").split(","))
                .containsExactlyInAnyOrder("org.s3upload.api", "org.s3upload.spi", "org.s3upload.spi.support",
                        "org.s3upload.spi.notify");
        assertThat(filesystem.getHeaders().get(Constants.EXPORT_PACKAGE)).isNull();
        assertThat(s3Provider.getHeaders().get(Constants.EXPORT_PACKAGE)).isNull();
    }

    private static Object call(String method, Object... args) throws Exception {
        for (Method m : caller.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                }
            }
        }
        throw new NoSuchMethodException(method);
    }

    private static ClassLoader loaderOf(Bundle b) {
        return b.adapt(BundleWiring.class).getClassLoader();
    }

    private static Path recording(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(work.resolve(name), bytes);
    }

    private static String md5Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
