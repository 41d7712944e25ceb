package org.s3upload.api.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.s3upload.api.ProviderDiscovery;
import org.s3upload.api.UploadException;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;

/** Discovery against real provider JARs on isolated class loaders. */
class UploadTargetsDiscoveryTest {
    @TempDir
    static Path work;

    static Path alphaJar;
    static Path betaJar;
    static Path otherAlphaJar;
    static Path brokenJar;
    static Path futureJar;

    @BeforeAll
    static void buildJars() throws Exception {
        ProviderJars jars = new ProviderJars(work);
        alphaJar = jars.jar(List.<String[]>of(new String[] {"com.example.alpha.AlphaProvider",
                ProviderJars.providerSource("com.example.alpha", "AlphaProvider", "alpha", "SPI_VERSION")}),
                List.of("com.example.alpha.AlphaProvider"));
        betaJar = jars.jar(List.<String[]>of(new String[] {"com.example.beta.BetaProvider",
                ProviderJars.providerSource("com.example.beta", "BetaProvider", "beta", "SPI_VERSION")}),
                List.of("com.example.beta.BetaProvider"));
        otherAlphaJar = jars.jar(List.<String[]>of(new String[] {"org.thirdparty.AlsoAlphaProvider",
                ProviderJars.providerSource("org.thirdparty", "AlsoAlphaProvider", "alpha", "SPI_VERSION")}),
                List.of("org.thirdparty.AlsoAlphaProvider"));
        brokenJar = jars.jar(List.<String[]>of(new String[] {"com.example.broken.BrokenProvider",
                ProviderJars.brokenSource("com.example.broken", "BrokenProvider")}),
                List.of("com.example.broken.BrokenProvider", "com.example.broken.NotInTheJar"));
        futureJar = jars.jar(List.<String[]>of(new String[] {"com.example.future.FutureProvider",
                ProviderJars.providerSource("com.example.future", "FutureProvider", "future", "SPI_VERSION + 1")}),
                List.of("com.example.future.FutureProvider"));
    }

    @Test
    void theTestClasspathItselfRegistersNoProvider() {
        // The scenarios below rely on it: every provider they see comes from the JARs they add.
        ProviderDiscovery d = UploadTargets.discover(getClass().getClassLoader());
        assertThat(d.providers()).isEmpty();
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void noProviderSaysAJarIsNeededAndWhatWasSearched() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader()) {
            assertThatThrownBy(() -> UploadTargets.provider(null, loader))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining("no UploadTarget provider found")
                    .hasMessageContaining("provider JAR")
                    .hasMessageContaining("META-INF/services/org.s3upload.spi.UploadTargetProvider")
                    .satisfies(e -> assertThat(((UploadException) e).kind()).isEqualTo(UploadException.Kind.PERMANENT));
        }
    }

    @Test
    void exactlyOneProviderIsChosenWithoutAnId() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader(alphaJar)) {
            UploadTargetProvider p = UploadTargets.provider(null, loader);
            assertThat(p.id()).isEqualTo("alpha");
            assertThat(p.getClass().getClassLoader()).isSameAs(loader);
            assertThat(UploadTargets.provider("alpha", loader).id()).isEqualTo("alpha");
            assertThat(UploadTargets.provider("  ", loader).id()).isEqualTo("alpha");
        }
    }

    @Test
    void severalProvidersWithoutAnIdListTheIds() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader(alphaJar, betaJar)) {
            assertThatThrownBy(() -> UploadTargets.provider(null, loader))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining("several providers found (alpha, beta)")
                    .hasMessageContaining("set the provider id");
            assertThat(UploadTargets.provider("beta", loader).id()).isEqualTo("beta");
        }
    }

    @Test
    void unknownIdListsTheAvailableIds() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader(alphaJar, betaJar)) {
            assertThatThrownBy(() -> UploadTargets.provider("s3", loader))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining("no provider with id 's3'")
                    .hasMessageContaining("available ids: alpha, beta");
        }
    }

    @Test
    void twoClassesClaimingOneIdAreNamedBoth() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader(alphaJar, otherAlphaJar, betaJar)) {
            ProviderDiscovery d = UploadTargets.discover(loader);
            assertThat(d.providers()).containsOnlyKeys("beta");
            assertThat(d.conflicts()).containsOnlyKeys("alpha");
            assertThatThrownBy(() -> UploadTargets.provider("alpha", loader))
                    .hasMessageContaining("com.example.alpha.AlphaProvider")
                    .hasMessageContaining("org.thirdparty.AlsoAlphaProvider")
                    .hasMessageContaining("remove all but one");
            assertThatThrownBy(() -> UploadTargets.provider(null, loader))
                    .hasMessageContaining("claimed by several classes");
            // The provider that is not in conflict still works.
            assertThat(UploadTargets.provider("beta", loader).id()).isEqualTo("beta");
        }
    }

    @Test
    void aBrokenProviderIsReportedAndSkippedWhileOthersWork() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader(brokenJar, alphaJar)) {
            ProviderDiscovery d = UploadTargets.discover(loader);
            assertThat(d.providers()).containsOnlyKeys("alpha");
            assertThat(d.problems()).hasSize(2);
            assertThat(String.join("\n", d.problems()))
                    .contains("com.example.broken.BrokenProvider")
                    .contains("com.example.broken.NotInTheJar");
            assertThat(UploadTargets.provider(null, loader).id()).isEqualTo("alpha");
        }
    }

    @Test
    void onlyBrokenProvidersGiveTheNoneFoundErrorWithTheReasons() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader(brokenJar)) {
            assertThatThrownBy(() -> UploadTargets.provider("broken", loader))
                    .hasMessageContaining("no provider with id 'broken' found")
                    .hasMessageContaining("com.example.broken.BrokenProvider");
        }
    }

    @Test
    void aProviderBuiltForAnotherSpiVersionIsSkippedWithBothVersions() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader(futureJar, alphaJar)) {
            ProviderDiscovery d = UploadTargets.discover(loader);
            assertThat(d.providers()).containsOnlyKeys("alpha");
            assertThat(d.problems()).singleElement().asString()
                    .contains("'future'")
                    .contains("SPI version " + (UploadTargetProvider.SPI_VERSION + 1))
                    .contains("implements SPI version " + UploadTargetProvider.SPI_VERSION);
            assertThatThrownBy(() -> UploadTargets.provider("future", loader))
                    .hasMessageContaining("no provider with id 'future'")
                    .hasMessageContaining("SPI version");
        }
    }

    @Test
    void discoverWithoutALoaderScansTheApisOwnLoaderNotTheContextLoader() throws Exception {
        // discover() goes through ServiceLoader.load(Class), which reads the context class loader
        // (so that an OSGi Service Loader Mediator can weave it); outside OSGi it must still scan
        // the api's own loader, whatever the calling thread's context loader sees.
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader loader = ProviderJars.loader(alphaJar)) {
            t.setContextClassLoader(loader);
            ProviderDiscovery d = UploadTargets.discover();
            assertThat(d.providers()).isEmpty();
            assertThat(d.searched()).endsWith("via class loader " + UploadTargets.class.getClassLoader());
            assertThat(t.getContextClassLoader()).isSameAs(loader);
            assertThatThrownBy(() -> UploadTargets.provider("alpha"))
                    .hasMessageContaining("no provider with id 'alpha' found");
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void aProviderJarRegisteredForSpiVersion1IsReportedNotInvisible() throws Exception {
        // Before SPI version 2 the interface lived in package org.s3upload.api and its service file
        // was named after it: ServiceLoader no longer reads that file.
        Path old = work.resolve("spi1-provider.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(old))) {
            out.putNextEntry(new JarEntry("META-INF/services/org.s3upload" + ".api.UploadTargetProvider"));
            out.write("com.example.old.OldProvider\n".getBytes(StandardCharsets.UTF_8));
        }
        try (URLClassLoader loader = ProviderJars.loader(old)) {
            ProviderDiscovery d = UploadTargets.discover(loader);
            assertThat(d.providers()).isEmpty();
            assertThat(d.problems()).singleElement().asString()
                    .contains("spi1-provider.jar")
                    .contains("they implement SPI version 1, but this s3upload-api implements SPI version "
                            + UploadTargetProvider.SPI_VERSION)
                    .endsWith("install a provider release built for SPI version " + UploadTargetProvider.SPI_VERSION);
            assertThatThrownBy(() -> UploadTargets.provider("old", loader))
                    .hasMessageContaining("no provider with id 'old' found")
                    .hasMessageContaining("SPI version 1");
        }
    }

    @Test
    void createRunsWithTheProvidersClassLoaderAsContextLoader() throws Exception {
        try (URLClassLoader loader = ProviderJars.loader(alphaJar)) {
            UploadTargetProvider p = UploadTargets.provider(null, loader);
            ClassLoader before = Thread.currentThread().getContextClassLoader();
            assertThatThrownBy(() -> UploadTargets.create(p, Map.of()))
                    .hasMessageContaining("create called on alpha");
            Object seen = p.getClass().getField("contextLoaderSeenByCreate").get(null);
            assertThat(seen).isSameAs(loader);
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
        }
    }
}
