package org.s3upload.distribution;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** One JAR that operators install, opened for inspection. */
final class ShippedJar {
    /** Java 8 class files have major version 52. */
    static final int JAVA_8_MAJOR = 52;

    final Path path;
    final List<String> entries;
    final Manifest manifest;
    private final List<String> tooNew = new ArrayList<>();

    private ShippedJar(Path path, List<String> entries, Manifest manifest) {
        this.path = path;
        this.entries = Collections.unmodifiableList(entries);
        this.manifest = manifest;
    }

    /** Finds the JAR on the test classpath whose file name contains {@code nameFragment}. */
    static ShippedJar onClasspath(String nameFragment) throws IOException {
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            if (name.endsWith(".jar") && name.contains(nameFragment)) {
                return open(p);
            }
        }
        throw new IllegalStateException("no JAR named like '" + nameFragment + "' on the test classpath: "
                + System.getProperty("java.class.path"));
    }

    static ShippedJar open(Path p) throws IOException {
        List<String> entries = new ArrayList<>();
        try (JarFile jar = new JarFile(p.toFile())) {
            ShippedJar shipped = new ShippedJar(p, entries, jar.getManifest());
            for (ZipEntry z : Collections.list(jar.entries())) {
                entries.add(z.getName());
                if (z.getName().endsWith(".class") && !z.getName().startsWith("META-INF/versions/")) {
                    try (InputStream in = jar.getInputStream(z)) {
                        int major = majorVersion(in);
                        if (major > JAVA_8_MAJOR) {
                            shipped.tooNew.add(z.getName() + " (major " + major + ")");
                        }
                    }
                }
            }
            return shipped;
        }
    }

    List<String> classes() {
        List<String> c = new ArrayList<>();
        for (String e : entries) {
            if (e.endsWith(".class") && !e.startsWith("META-INF/")) {
                c.add(e);
            }
        }
        return c;
    }

    /** Class files newer than Java 8 (outside META-INF/versions, which Java 8 ignores). */
    List<String> classesNewerThanJava8() {
        return tooNew;
    }

    String manifestAttribute(String name) {
        return manifest == null ? null : manifest.getMainAttributes().getValue(name);
    }

    private static int majorVersion(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        if (d.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        d.readUnsignedShort();
        return d.readUnsignedShort();
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
