package org.s3upload.api.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real provider JARs at test time (compiled with javac against the api, registered in
 * META-INF/services) so discovery is tested the way an operator's classpath exercises it.
 */
final class ProviderJars {
    private final Path workDir;
    private int counter;

    ProviderJars(Path workDir) {
        this.workDir = workDir;
    }

    /** A provider class whose id() and spiVersion() return the given values. */
    static String providerSource(String pkg, String cls, String id, String spiVersionExpr) {
        return "package " + pkg + ";\n"
                + "import java.util.*; import org.s3upload.api.*; import org.s3upload.spi.*; import org.s3upload.spi.support.*;\n"
                + "public final class " + cls + " implements UploadTargetProvider {\n"
                + "  public static volatile ClassLoader contextLoaderSeenByCreate;\n"
                + "  public String id() { return \"" + id + "\"; }\n"
                + "  public int spiVersion() { return " + spiVersionExpr + "; }\n"
                + "  public String description() { return \"test provider " + id + "\"; }\n"
                + "  public List<ConfigKey> configKeys() { return Collections.emptyList(); }\n"
                + "  public UploadTarget create(Map<String,String> c) throws UploadException {\n"
                + "    contextLoaderSeenByCreate = Thread.currentThread().getContextClassLoader();\n"
                + "    throw UploadException.permanent(\"create called on " + id + "\");\n"
                + "  }\n"
                + "}\n";
    }

    /** A provider whose constructor throws, as a provider with a missing dependency would. */
    static String brokenSource(String pkg, String cls) {
        return "package " + pkg + ";\n"
                + "import java.util.*; import org.s3upload.api.*; import org.s3upload.spi.*; import org.s3upload.spi.support.*;\n"
                + "public final class " + cls + " implements UploadTargetProvider {\n"
                + "  public " + cls + "() { throw new NoClassDefFoundError(\"com/example/MissingDependency\"); }\n"
                + "  public String id() { return \"broken\"; }\n"
                + "  public int spiVersion() { return SPI_VERSION; }\n"
                + "  public String description() { return \"broken\"; }\n"
                + "  public List<ConfigKey> configKeys() { return Collections.emptyList(); }\n"
                + "  public UploadTarget create(Map<String,String> c) { return null; }\n"
                + "}\n";
    }

    /**
     * Compiles {@code sources} (fully qualified class name, source) into a JAR whose service file
     * lists {@code registered} (which may name classes that are not in the JAR).
     */
    Path jar(List<String[]> sources, List<String> registered) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("build-" + (++counter)));
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), "--release", "8", "-Xlint:-options"));
        for (String[] s : sources) {
            Path file = src.resolve(s[0].replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s[1]);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("javac failed with " + rc + " for " + args);
        }
        Path jar = workDir.resolve("provider-" + counter + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/org.s3upload.spi.UploadTargetProvider"));
            write(out, String.join("\n", registered) + "\n");
            out.closeEntry();
        }
        return jar;
    }

    /** A loader that sees the api (through its parent, the test class loader) and these JARs only. */
    static URLClassLoader loader(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return new URLClassLoader(urls, ProviderJars.class.getClassLoader());
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
