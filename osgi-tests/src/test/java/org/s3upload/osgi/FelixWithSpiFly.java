package org.s3upload.osgi;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleWiring;

/**
 * An Apache Felix framework with Apache Aries SPI Fly (the dynamic weaving bundle, the OSGi Service
 * Loader Mediator) started first, so that its weaving hook sees every bundle installed after it.
 */
final class FelixWithSpiFly implements AutoCloseable {
    /** ASM, which SPI Fly imports, and SPI Fly itself: JAR name prefixes on the test class path. */
    private static final List<String> MEDIATOR_JARS = List.of("asm-9", "asm-tree-", "asm-analysis-",
            "asm-commons-", "asm-util-", "org.apache.aries.spifly.dynamic.bundle-");

    private final Framework framework;

    private FelixWithSpiFly(Framework framework) {
        this.framework = framework;
    }

    static FelixWithSpiFly start(Path storage) throws BundleException {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        FelixWithSpiFly felix = new FelixWithSpiFly(framework);
        List<Bundle> mediator = new ArrayList<>();
        for (String jar : MEDIATOR_JARS) {
            mediator.add(felix.install(TestClassPath.jar(jar)));
        }
        for (Bundle b : mediator) {
            felix.start(b);
        }
        return felix;
    }

    Bundle install(Path jar) throws BundleException {
        return context().installBundle(jar.toUri().toString());
    }

    /** Starts {@code bundle}; a bundle that does not resolve fails with the framework's reason. */
    void start(Bundle bundle) throws BundleException {
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
            bundle.start();
        }
    }

    static ClassLoader loaderOf(Bundle bundle) {
        return bundle.adapt(BundleWiring.class).getClassLoader();
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }

    /** The JARs Maven resolved for this test, found by file name. */
    static final class TestClassPath {
        private TestClassPath() {
        }

        static Path jar(String namePrefix) {
            return jar(namePrefix, ".jar");
        }

        static Path jar(String namePrefix, String nameSuffix) {
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(e);
                String name = p.getFileName().toString();
                if (name.startsWith(namePrefix) && name.endsWith(nameSuffix)) {
                    return p;
                }
            }
            throw new IllegalStateException("no JAR named " + namePrefix + "*" + nameSuffix + " on the test class path (run the"
                    + " test with `mvn verify` from the reactor root, after `package`): " + System.getProperty("java.class.path"));
        }
    }
}
