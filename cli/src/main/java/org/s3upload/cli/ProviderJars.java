package org.s3upload.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The class loader providers are looked for in: the tool's own classpath, plus the JARs named
 * with {@code --provider-jar} (a JAR, or a folder whose JARs are all taken, such as Wowza's
 * {@code lib/}). Without that option, and with no provider on the classpath, the provider JARs of
 * the distribution's {@code lib/} beside the tool's own folder are taken, so that the unpacked
 * download works as it is. The tool's own classes (the api) come first, as in Wowza's flat lib/.
 */
final class ProviderJars {
    private ProviderJars() {
    }

    static ClassLoader loader(List<Path> named, ClassLoader own) throws CliProblem {
        List<Path> jars = new ArrayList<>();
        for (Path p : named) {
            if (Files.isDirectory(p)) {
                List<Path> inside = jarsIn(p, "");
                if (inside.isEmpty()) {
                    throw CliProblem.usage("--provider-jar " + p + " is a folder without any .jar; give the provider JAR"
                            + " (s3upload-provider-s3-<version>-wowza.jar or s3upload-provider-filesystem-<version>.jar)"
                            + " or the folder holding it");
                }
                jars.addAll(inside);
            } else if (Files.isRegularFile(p)) {
                jars.add(p);
            } else {
                throw CliProblem.usage("--provider-jar " + p + ": no such file or folder; give the provider JAR that"
                        + " Wowza's lib/ holds, or that folder");
            }
        }
        return jars.isEmpty() ? own : new URLClassLoader(urls(jars), own);
    }

    /** The distribution's provider JARs ({@code ../lib/s3upload-provider-*.jar} from the tool's JAR), if the tool runs from one. */
    static List<Path> besideTheTool() {
        try {
            URL where = ProviderJars.class.getProtectionDomain().getCodeSource().getLocation();
            Path self = Paths.get(where.toURI());
            Path lib = self.getParent() == null || self.getParent().getParent() == null ? null
                    : self.getParent().getParent().resolve("lib");
            return Files.isRegularFile(self) && lib != null && Files.isDirectory(lib)
                    ? jarsIn(lib, "s3upload-provider-") : Collections.<Path>emptyList();
        } catch (URISyntaxException | RuntimeException | CliProblem e) {
            return Collections.emptyList();
        }
    }

    private static List<Path> jarsIn(Path dir, String namePrefix) throws CliProblem {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, namePrefix + "*.jar")) {
            for (Path p : ds) {
                out.add(p);
            }
        } catch (IOException e) {
            throw CliProblem.usage("--provider-jar " + dir + " cannot be listed (" + e + "); check its permissions");
        }
        Collections.sort(out);
        return out;
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("a file path is not a URL: " + jars.get(i), e);
            }
        }
        return urls;
    }
}
