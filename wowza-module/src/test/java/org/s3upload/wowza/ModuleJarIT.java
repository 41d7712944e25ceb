package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.s3upload.api.UploadTarget;

/**
 * Opens the packaged module JAR (run by failsafe after {@code package}): it carries our classes
 * and the api's, and nothing else: no Wowza stub, no SDK, no provider.
 */
class ModuleJarIT {
    private final Path jar = Paths.get(System.getProperty("module.jar", "target/s3upload-wowza-module-1.0.0-SNAPSHOT.jar"));

    @Test
    void carriesExactlyOurClassesAndTheApi() throws Exception {
        List<String> classes = new ArrayList<>();
        List<String> others = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String n = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (n.endsWith(".class")) {
                    classes.add(n);
                    try (InputStream in = j.getInputStream(entry)) {
                        DataInputStream d = new DataInputStream(in);
                        assertThat(d.readInt()).isEqualTo(0xCAFEBABE);
                        d.readUnsignedShort();
                        assertThat(d.readUnsignedShort()).as(n + " runs on Java 8").isEqualTo(52);
                    }
                } else {
                    others.add(n);
                }
            }
        }
        // One class outside our packages, on purpose: the original module's name, for a JAR-swap migration.
        String legacyName = "com/wowza/wms/plugin/s3upload/ModuleS3Upload.class";
        assertThat(classes).allMatch(n -> n.startsWith("org/s3upload/wowza/") || n.startsWith("org/s3upload/api/")
                || n.startsWith("org/s3upload/spi/") || n.startsWith("org/s3upload/internal/") || n.equals(legacyName));
        assertThat(classes).contains("org/s3upload/wowza/ModuleS3Upload.class",
                "org/s3upload/wowza/engine/UploadEngine.class", legacyName);
        assertThat(classes).noneMatch(n -> (n.startsWith("com/") && !n.equals(legacyName))
                || n.startsWith("org/s3upload/provider/"));
        assertThat(new TreeSet<>(classes)).containsAll(apiClasses());
        assertThat(others).allMatch(n -> n.startsWith("META-INF/"));
        assertThat(others).noneMatch(n -> n.startsWith("META-INF/services/"));
        assertThat(others).noneMatch(n -> n.contains("s3upload-api/pom"));
    }

    @Test
    void wowzaFindsTheEventMethodsByReflection() throws Exception {
        URL stub = com.wowza.wms.module.ModuleBase.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), stub},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> module = loader.loadClass("org.s3upload.wowza.ModuleS3Upload");
            Class<?> appInstance = loader.loadClass("com.wowza.wms.application.IApplicationInstance");
            assertThat(module.getSuperclass().getName()).isEqualTo("com.wowza.wms.module.ModuleBase");
            for (String name : new String[] {"onAppStart", "onAppStop"}) {
                Method m = module.getMethod(name, appInstance);
                assertThat(Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())).isTrue();
                assertThat(m.getReturnType()).isEqualTo(void.class);
            }
            assertThat(module.getConstructor().newInstance()).isNotNull();
            // The original module's class name resolves to ours, with the same event methods.
            Class<?> legacy = loader.loadClass("com.wowza.wms.plugin.s3upload.ModuleS3Upload");
            assertThat(legacy.getSuperclass()).isSameAs(module);
            assertThat(legacy.getMethod("onAppStart", appInstance).getDeclaringClass()).isSameAs(module);
            assertThat(legacy.getConstructor().newInstance()).isNotNull();
            // the api inside the JAR is the one the module links to
            assertThat(loader.loadClass("org.s3upload.api.UploadTargets").getClassLoader()).isSameAs(loader);
        }
    }

    private static List<String> apiClasses() throws IOException {
        Path api;
        try {
            api = Paths.get(UploadTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(api)) {
            try (Stream<Path> s = Files.walk(api)) {
                s.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> out.add(api.relativize(p).toString().replace('\\', '/')));
            }
        } else {
            try (JarFile j = new JarFile(api.toFile())) {
                j.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(out::add);
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
