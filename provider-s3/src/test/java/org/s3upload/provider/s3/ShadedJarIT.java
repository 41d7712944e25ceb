package org.s3upload.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;
import org.s3upload.api.contract.UploadTargetContractTest;

/**
 * The shaded (classifier "wowza") JAR as Wowza would load it, run after {@code package} by failsafe:
 * its contents are checked, and the contract suite runs against the provider loaded from it on a
 * fresh class loader that sees nothing but the JDK and the api classes.
 */
class ShadedJarIT extends UploadTargetContractTest {
    private static final String BUCKET = "shaded";
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withBuckets(BUCKET);
    private static S3ProxyServer server;
    private static URLClassLoader shadedLoader;
    private static UploadTargetProvider shadedProvider;

    static Path shadedJar() {
        String p = System.getProperty("s3upload.shaded.jar");
        assertThat(p).as("system property s3upload.shaded.jar (set by the failsafe configuration)").isNotNull();
        assertThat(new File(p)).exists();
        return Path.of(p);
    }

    /**
     * The JDK (platform loader), plus the api classes of this test, so that the contract suite and
     * the provider share the SPI types. Nothing else of the test classpath (the unshaded SDK,
     * Jackson, httpclient) is visible.
     */
    static final class ApiOnlyParent extends ClassLoader {
        private final ClassLoader api = UploadTargets.class.getClassLoader();

        ApiOnlyParent() {
            super(ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            // the api bundle's exported packages; org.s3upload.internal is the JAR's own copy
            if (name.startsWith("org.s3upload.api.") || name.startsWith("org.s3upload.spi.")) {
                return api.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = S3.server();
        shadedLoader = new URLClassLoader(new URL[] {shadedJar().toUri().toURL()}, new ApiOnlyParent());
        shadedProvider = UploadTargets.provider("s3", shadedLoader);
    }

    @AfterAll
    static void stop() throws Exception {
        shadedLoader.close();
    }

    @Override
    protected UploadTargetProvider provider() {
        return shadedProvider;
    }

    @Override
    protected Map<String, String> config() {
        return server.config(BUCKET);
    }

    @Override
    protected byte[] readObject(String key) throws Exception {
        return server.read(BUCKET, key);
    }

    @Override
    protected void awaitStoreQuiet() throws Exception {
        server.awaitQuiet(BUCKET);
    }

    /**
     * The shaded provider against answers of Amazon S3 ({@link AwsEmulatingProxy}): the minimal
     * policy (a missing key answers 403), a bucket in another region with no region configured,
     * a fresh upload aborted elsewhere, and a bucket that refuses ACLs.
     */
    @Test
    void theShadedProviderMeetsAmazonS3sAnswers() throws Exception {
        try (AwsEmulatingProxy aws = AwsEmulatingProxy.start(server.port)) {
            aws.allowOnly(AwsSemanticsTest.MINIMAL_POLICY).bucketRegion(BUCKET, "eu-central-1");
            Map<String, String> c = config();
            c.put("endpoint", aws.endpoint());
            c.put("maxErrorRetry", "0");
            Path dir = Files.createTempDirectory("shaded-aws-");
            try (UploadTarget t = shadedProvider.create(c)) {
                assertThat(t.fingerprint()).contains("region eu-central-1");
                assertThat(t.stat("aws/missing.mp4")).isEmpty();
                Path f = TestFiles.random(dir, "aws.mp4", 11L << 20, 21);
                t.start(UploadRequest.builder(f, "aws/aws.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS);
                assertThat(server.md5(BUCKET, "aws/aws.mp4")).isEqualTo(Checksums.md5Hex(f));

                aws.abortUploadAt(r -> r.hasParam("uploadId"));
                UploadException gone = org.junit.jupiter.api.Assertions.assertThrows(UploadException.class, () -> t.start(
                        UploadRequest.builder(f, "aws/gone.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS));
                assertThat(gone.kind()).isEqualTo(UploadException.Kind.RESUME_REJECTED);
            }
            aws.allowAll().enforceBucketOwner(BUCKET);
            c.put("cannedAcl", "public-read");
            try (UploadTarget t = shadedProvider.create(c)) {
                Path f = TestFiles.random(dir, "acl.mp4", 1000, 22);
                UploadException acl = org.junit.jupiter.api.Assertions.assertThrows(UploadException.class, () -> t.start(
                        UploadRequest.builder(f, "aws/acl.mp4").build(), UploadListener.NONE).await(60, TimeUnit.SECONDS));
                assertThat(acl.kind()).isEqualTo(UploadException.Kind.PERMANENT);
                assertThat(acl.getMessage()).contains("AccessControlListNotSupported").contains("'cannedAcl'");
            }
        }
    }

    @Test
    void providerComesFromTheShadedJarWithARelocatedSdk() throws Exception {
        assertThat(shadedProvider.getClass().getClassLoader()).isSameAs(shadedLoader);
        Class<?> client = shadedLoader.loadClass("org.s3upload.provider.s3.ObservedS3Client");
        assertThat(client.getSuperclass().getName()).isEqualTo("org.s3upload.shaded.com.amazonaws.services.s3.AmazonS3Client");
        assertThat(shadedLoader.getResource("com/amazonaws/services/s3/AmazonS3Client.class"))
                .as("the unrelocated SDK is not visible to the shaded provider").isNull();
    }

    @Test
    void jarHoldsOnlyRelocatedLibrariesAndNoApiClasses() throws Exception {
        List<String> offending = new ArrayList<>();
        int providerClasses = 0;
        int shaded = 0;
        try (JarFile jar = new JarFile(shadedJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                String n = e.nextElement().getName();
                if (n.startsWith("org/s3upload/provider/s3/")) {
                    providerClasses++;
                } else if (n.startsWith("org/s3upload/shaded/")) {
                    shaded++;
                }
                for (String bad : new String[] {"com/amazonaws/", "org/apache/http/", "org/apache/commons/", "com/fasterxml/",
                        "org/joda/", "javax/xml/bind/", "javax/activation/", "org/s3upload/api/",
                        "org/s3upload/spi/"}) {
                    if (n.contains(bad) && !n.startsWith("org/s3upload/shaded/")) {
                        offending.add(n);
                    }
                }
            }
            assertThat(jar.getEntry("META-INF/services/org.s3upload.spi.UploadTargetProvider")).isNotNull();
            assertThat(jar.getEntry("org/s3upload/shaded/com/amazonaws/sdk/versionInfo.properties")).isNotNull();
            assertThat(jar.getEntry("org/s3upload/shaded/com/amazonaws/internal/config/awssdk_config_default.json")).isNotNull();
        }
        assertThat(offending).as("unrelocated or api entries").isEmpty();
        assertThat(providerClasses).isGreaterThan(5);
        assertThat(shaded).isGreaterThan(1000);
    }

    /**
     * Strict isolation: the shaded JAR plus the api classes alone on a loader whose parent is the
     * platform loader, used only through reflection (its SPI types are not this test's).
     */
    @Test
    void worksWithNothingButTheJdkAndTheApi() throws Exception {
        URL api = UploadTargets.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {api, shadedJar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> targets = isolated.loadClass("org.s3upload.api.UploadTargets");
            assertThat(targets).isNotSameAs(UploadTargets.class);
            Object discovery = targets.getMethod("discover", ClassLoader.class).invoke(null, isolated);
            Map<?, ?> providers = (Map<?, ?>) discovery.getClass().getMethod("providers").invoke(discovery);
            assertThat((List<?>) discovery.getClass().getMethod("problems").invoke(discovery)).isEmpty();
            assertThat(new ArrayList<Object>(providers.keySet())).containsExactly("s3");
            Object provider = providers.get("s3");
            // Through the isolated SPI interfaces: the implementation classes are package-private.
            Class<?> spiProvider = isolated.loadClass("org.s3upload.spi.UploadTargetProvider");
            Class<?> spiTarget = isolated.loadClass("org.s3upload.api.UploadTarget");
            Method create = spiProvider.getMethod("create", Map.class);
            Object target = create.invoke(provider, config());
            try {
                Object stat = spiTarget.getMethod("stat", String.class).invoke(target, "isolated/none.bin");
                assertThat((Optional<?>) stat).isEmpty();
                Object list = spiTarget.getMethod("listIncomplete", String.class).invoke(target, "isolated/");
                assertThat((List<?>) list).isEmpty();
            } finally {
                spiTarget.getMethod("close").invoke(target);
            }
        }
    }

    @Test
    void badConfigurationIsReportedThroughTheShadedProvider() {
        UploadException e = org.junit.jupiter.api.Assertions.assertThrows(UploadException.class,
                () -> shadedProvider.create(Collections.singletonMap("endpoint", "ftp://nope")));
        assertThat(e.getMessage()).contains("'bucket'", "'endpoint'");
    }
}
