package org.s3upload.api;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.s3upload.spi.UploadTargetProvider;

/**
 * Finds {@link UploadTargetProvider}s with {@link ServiceLoader} and explains exactly what it
 * found when the answer is not the expected one.
 *
 * <p>By default the api's own class loader is searched, not the thread context class loader: in a
 * server such as Wowza the context loader of the calling thread is not reliably the one that loaded
 * the module and its provider. Overloads take an explicit loader.
 */
public final class UploadTargets {
    static final String SERVICE_FILE = "META-INF/services/" + UploadTargetProvider.class.getName();
    /**
     * Where providers built for SPI version 1 registered, before the interface moved to
     * {@code org.s3upload.spi}. ServiceLoader no longer reads it; discovery still looks, so that an
     * old provider JAR is reported as one instead of being invisible. (Spelt in two pieces so that
     * a rename of the package in source code cannot rewrite it.)
     */
    static final String SPI_1_SERVICE_FILE = "META-INF/services/" + "org.s3upload.api" + ".UploadTargetProvider";
    private static final int SPI_1 = 1;
    private static final int MAX_ENTRIES = 1000;

    private UploadTargets() {
    }

    /**
     * Scans the api's own class loader. Inside an OSGi framework the api bundle requires the Service
     * Loader Mediator's processor (Apache Aries SPI Fly, for one), which rewrites this method's
     * {@code ServiceLoader.load} call so that it also sees every provider bundle that offers an
     * {@code osgi.serviceloader} capability; the caller does nothing special.
     */
    public static ProviderDiscovery discover() {
        ClassLoader own = UploadTargets.class.getClassLoader();
        return scan(loadWithContextLoader(own), own, searched(own));
    }

    /** Scans {@code loader}; never throws: broken providers are reported in {@link ProviderDiscovery#problems()}. */
    public static ProviderDiscovery discover(ClassLoader loader) {
        return scan(ServiceLoader.load(UploadTargetProvider.class, loader), loader, searched(loader));
    }

    /**
     * {@code ServiceLoader.load(Class)} with the thread context class loader set to {@code loader}
     * while it runs (the loader keeps that class loader for its whole iteration). The one-argument
     * form on purpose: it is the call the OSGi Service Loader Mediator's processor weaves, replacing
     * the context class loader with one that sees the provider bundles.
     */
    private static ServiceLoader<UploadTargetProvider> loadWithContextLoader(ClassLoader loader) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return ServiceLoader.load(UploadTargetProvider.class);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static void reportSpi1ServiceFiles(ClassLoader loader, List<String> problems) {
        List<URL> files;
        try {
            files = loader == null ? Collections.<URL>emptyList() : Collections.list(loader.getResources(SPI_1_SERVICE_FILE));
        } catch (IOException e) {
            problems.add("could not look for providers built for SPI version " + SPI_1 + " (" + e + ")");
            return;
        }
        for (URL file : files) {
            problems.add("skipped the provider(s) registered in " + file + ": they implement SPI version " + SPI_1
                    + ", but this s3upload-api implements SPI version " + UploadTargetProvider.SPI_VERSION
                    + "; install a provider release built for SPI version " + UploadTargetProvider.SPI_VERSION);
        }
    }

    private static String searched(ClassLoader loader) {
        return SERVICE_FILE + " via class loader " + loader;
    }

    private static ProviderDiscovery scan(ServiceLoader<UploadTargetProvider> loader, ClassLoader classLoader,
                                          String searched) {
        Map<String, UploadTargetProvider> found = new LinkedHashMap<>();
        Map<String, List<String>> conflicts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        reportSpi1ServiceFiles(classLoader, problems);
        Iterator<UploadTargetProvider> it = loader.iterator();
        for (int i = 0; i < MAX_ENTRIES; i++) {
            UploadTargetProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add("skipped a provider that failed to load: " + e
                        + (e.getCause() != null ? " (cause: " + e.getCause() + ")" : "")
                        + "; check that its JAR is complete and built for this Java version");
                continue;
            }
            String cls = p.getClass().getName();
            String id;
            int version;
            try {
                id = p.id();
                version = p.spiVersion();
            } catch (RuntimeException | LinkageError e) {
                problems.add("skipped provider " + cls + ": it failed to report its id or SPI version (" + e
                        + "); it was probably built for another version of s3upload-api");
                continue;
            }
            if (version != UploadTargetProvider.SPI_VERSION) {
                problems.add("skipped provider '" + id + "' (" + cls + "): it implements SPI version " + version
                        + ", but this s3upload-api implements SPI version " + UploadTargetProvider.SPI_VERSION
                        + "; install a provider release built for SPI version " + UploadTargetProvider.SPI_VERSION);
                continue;
            }
            if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
                problems.add("skipped provider " + cls + ": its id '" + id
                        + "' is not lowercase letters, digits and '-' starting with a letter");
                continue;
            }
            if (conflicts.containsKey(id)) {
                conflicts.get(id).add(cls);
            } else if (found.containsKey(id)) {
                UploadTargetProvider first = found.remove(id);
                List<String> classes = new ArrayList<>();
                classes.add(first.getClass().getName());
                classes.add(cls);
                conflicts.put(id, classes);
            } else {
                found.put(id, p);
            }
        }
        return new ProviderDiscovery(found, conflicts, problems, searched);
    }

    /** {@link #provider(String, ClassLoader)} with the api's own class loader, as {@link #discover()} scans it. */
    public static UploadTargetProvider provider(String id) throws UploadException {
        return select(discover(), id);
    }

    /**
     * The provider with {@code id}; with a null or empty id, the only provider present. Fails with a
     * {@link UploadException.Kind#PERMANENT} that says what was searched and found, and how to fix it.
     */
    public static UploadTargetProvider provider(String id, ClassLoader loader) throws UploadException {
        return select(discover(loader), id);
    }

    /** Picks from a finished scan; see {@link #provider(String, ClassLoader)}. */
    public static UploadTargetProvider select(ProviderDiscovery d, String id) throws UploadException {
        boolean anyId = id == null || id.trim().isEmpty();
        String wanted = anyId ? null : id.trim();
        if (!anyId && d.conflicts().containsKey(wanted)) {
            throw UploadException.permanent("provider id '" + wanted + "' is claimed by several classes: "
                    + String.join(" and ", d.conflicts().get(wanted))
                    + "; remove all but one of their JARs from the classpath" + problemsSuffix(d));
        }
        if (!anyId) {
            UploadTargetProvider p = d.providers().get(wanted);
            if (p != null) {
                return p;
            }
            if (d.providers().isEmpty() && d.conflicts().isEmpty()) {
                throw noneFound(d, "no provider with id '" + wanted + "' found");
            }
            throw UploadException.permanent("no provider with id '" + wanted + "'; available ids: "
                    + available(d) + "; set the provider id to one of these or add the JAR of provider '"
                    + wanted + "'" + problemsSuffix(d));
        }
        if (d.providers().size() == 1 && d.conflicts().isEmpty()) {
            return d.providers().values().iterator().next();
        }
        if (d.providers().isEmpty() && d.conflicts().isEmpty()) {
            throw noneFound(d, "no UploadTarget provider found");
        }
        if (!d.conflicts().isEmpty()) {
            Map.Entry<String, List<String>> c = d.conflicts().entrySet().iterator().next();
            throw UploadException.permanent("provider id '" + c.getKey() + "' is claimed by several classes: "
                    + String.join(" and ", c.getValue()) + "; remove all but one of their JARs from the classpath"
                    + problemsSuffix(d));
        }
        throw UploadException.permanent("several providers found (" + available(d)
                + ") and no provider id configured; set the provider id to one of: " + available(d));
    }

    /**
     * Finds the provider and creates a target, with the thread context class loader set to the
     * provider's own while it runs (libraries inside providers often look there).
     */
    public static UploadTarget create(String id, Map<String, String> config) throws UploadException {
        return create(provider(id), config);
    }

    /** Creates a target from a provider already found; see {@link #create(String, Map)}. */
    public static UploadTarget create(UploadTargetProvider provider, Map<String, String> config) throws UploadException {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(provider.getClass().getClassLoader());
        try {
            return provider.create(config);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static UploadException noneFound(ProviderDiscovery d, String what) {
        return UploadException.permanent(what + ": put exactly one provider JAR (such as s3upload-provider-s3 "
                + "or s3upload-provider-filesystem) on the classpath next to the api, for Wowza in [install-dir]/lib; searched "
                + d.searched() + problemsSuffix(d));
    }

    private static String available(ProviderDiscovery d) {
        List<String> ids = new ArrayList<>(d.providers().keySet());
        return ids.isEmpty() ? "(none)" : String.join(", ", ids);
    }

    private static String problemsSuffix(ProviderDiscovery d) {
        return d.problems().isEmpty() ? "" : "; also: " + String.join("; ", d.problems());
    }
}
