package org.s3upload.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What an operator copies into Wowza's lib/: Java 8 bytecode, no clashing libraries, working service files. */
class ShippedJarsTest {

    static Stream<String> shippedJars() {
        return Stream.of("s3upload-wowza-module", "s3upload-provider-filesystem", "-wowza.jar");
    }

    @ParameterizedTest
    @MethodSource("shippedJars")
    void everyClassIsJava8Bytecode(String jarName) throws IOException {
        ShippedJar jar = ShippedJar.onClasspath(jarName);
        assertThat(jar.classes()).as("classes in %s", jar).isNotEmpty();
        assertThat(jar.classesNewerThanJava8()).as("classes in %s newer than Java 8", jar).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("shippedJars")
    void everyJarNamesItsAutomaticModule(String jarName) throws IOException {
        ShippedJar jar = ShippedJar.onClasspath(jarName);
        assertThat(jar.manifestAttribute("Automatic-Module-Name")).as("Automatic-Module-Name of %s", jar)
                .startsWith("org.s3upload.");
    }

    /**
     * Every shipped JAR is an OSGi bundle that exports nothing: only the api bundle (not installed
     * into Wowza on its own; the module JAR carries copies of its classes) exports packages, so
     * nothing else can become public API by accident.
     */
    @ParameterizedTest
    @MethodSource("shippedJars")
    void everyJarIsABundleThatExportsNoPackage(String jarName) throws IOException {
        ShippedJar jar = ShippedJar.onClasspath(jarName);
        assertThat(jar.manifestAttribute("Bundle-ManifestVersion")).as("Bundle-ManifestVersion of %s", jar).isEqualTo("2");
        assertThat(jar.manifestAttribute("Bundle-SymbolicName")).as("Bundle-SymbolicName of %s", jar)
                .isEqualTo(jar.manifestAttribute("Automatic-Module-Name"));
        assertThat(jar.manifestAttribute("Bundle-Version")).as("Bundle-Version of %s", jar).startsWith("1.");
        assertThat(jar.manifestAttribute("Export-Package")).as("Export-Package of %s", jar).isNull();
        assertThat(jar.manifestAttribute("Import-Package")).as("Import-Package of %s", jar)
                .contains("org.s3upload.api;version=")
                .doesNotContain("org.s3upload.shaded")
                .doesNotContain("org.s3upload.internal")
                .doesNotContain("org.s3upload.provider")
                .doesNotContain("org.s3upload.wowza");
    }

    @ParameterizedTest
    @MethodSource("providerJars")
    void providerBundlesOfferThemselvesToTheServiceLoaderMediator(String jarName) throws IOException {
        ShippedJar jar = ShippedJar.onClasspath(jarName);
        assertThat(jar.manifestAttribute("Provide-Capability")).as("Provide-Capability of %s", jar)
                .contains("osgi.serviceloader;osgi.serviceloader=\"org.s3upload.spi.UploadTargetProvider\"");
        assertThat(jar.manifestAttribute("Require-Capability")).as("Require-Capability of %s", jar)
                .contains("(osgi.extender=osgi.serviceloader.registrar)");
    }

    @Test
    void theModuleJarCarriesTheApiAndNothingButOurOwnClasses() throws IOException {
        ShippedJar module = ShippedJar.onClasspath("s3upload-wowza-module");
        assertThat(module.classes()).contains("org/s3upload/api/UploadTarget.class",
                "org/s3upload/spi/UploadTargetProvider.class", "org/s3upload/spi/support/UploadOutcome.class",
                "org/s3upload/internal/Json.class",
                "org/s3upload/api/UploadTargets.class", "org/s3upload/wowza/ModuleS3Upload.class");
        // The only class outside org/s3upload is the original module's name, kept for a JAR-swap migration.
        String legacyName = "com/wowza/wms/plugin/s3upload/ModuleS3Upload.class";
        assertThat(module.classes()).as("classes outside org/s3upload in %s", module)
                .allMatch(c -> c.startsWith("org/s3upload/") || c.equals(legacyName));
        assertThat(module.classes()).contains(legacyName);
        assertThat(module.classes()).noneMatch(c -> c.startsWith("org/s3upload/provider/"));
        assertThat(module.entries).as("Wowza stub classes in %s", module)
                .noneMatch(e -> e.endsWith(".class") && e.startsWith("com/wowza/") && !e.equals(legacyName));
        assertThat(module.entries).as("the module must not register a provider itself")
                .doesNotContain("META-INF/services/org.s3upload.spi.UploadTargetProvider");
    }

    @ParameterizedTest
    @MethodSource("providerJars")
    void providerJarsLeaveTheApiToTheModuleAndRegisterAClassTheyContain(String jarName) throws IOException {
        ShippedJar jar = ShippedJar.onClasspath(jarName);
        assertThat(jar.classes()).as("api classes inside %s (the module JAR carries them)", jar)
                .noneMatch(c -> c.startsWith("org/s3upload/api/") || c.startsWith("org/s3upload/spi/"));
        assertThat(jar.entries).as("service file of SPI version 1 in %s (discovery would report it)", jar)
                .doesNotContain("META-INF/services/org.s3upload" + ".api.UploadTargetProvider");
        List<String> registered = serviceEntries(jar);
        assertThat(registered).as("providers registered by %s", jar).isNotEmpty();
        for (String cls : registered) {
            assertThat(jar.entries).as("registered provider class in %s", jar).contains(cls.replace('.', '/') + ".class");
        }
    }

    static Stream<String> providerJars() {
        return Stream.of("s3upload-provider-filesystem", "-wowza.jar");
    }

    @Test
    void theS3DropInJarRelocatesEveryLibraryThatCouldClashWithWowzas() throws IOException {
        ShippedJar s3 = ShippedJar.onClasspath("-wowza.jar");
        assertThat(s3.classes()).as("unrelocated library classes in %s", s3)
                .noneMatch(c -> c.startsWith("org/apache/http/") || c.startsWith("com/fasterxml/")
                        || c.startsWith("org/joda/") || c.startsWith("javax/xml/bind/")
                        || c.startsWith("org/apache/commons/"));
        assertThat(s3.classes()).anyMatch(c -> c.startsWith("org/s3upload/shaded/"));
        assertThat(s3.classes()).anyMatch(c -> c.startsWith("org/s3upload/provider/s3/"));
    }

    private static List<String> serviceEntries(ShippedJar jar) throws IOException {
        try (JarFile j = new JarFile(jar.path.toFile())) {
            var e = j.getEntry("META-INF/services/org.s3upload.spi.UploadTargetProvider");
            if (e == null) {
                return List.of();
            }
            try (InputStream in = j.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
            }
        }
    }
}
