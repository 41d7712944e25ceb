package org.s3upload.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.osgi.framework.Bundle;

/**
 * Loads {@link BundleCaller} so that every {@code org.s3upload} type it names comes from the api
 * bundle inside the framework, and everything else from the JDK alone: the caller then runs exactly
 * as a class of another bundle that imports the api packages would.
 */
final class ApiBundleLoader extends ClassLoader {
    private static final String OWN_PACKAGE = BundleCaller.class.getPackageName() + ".";
    private final Bundle api;

    ApiBundleLoader(Bundle api) {
        super("api-bundle-caller", ClassLoader.getPlatformClassLoader());
        this.api = api;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (name.startsWith(OWN_PACKAGE)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineFromTestClasses(name);
            }
            if (name.startsWith("org.s3upload.")) {
                return api.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    private Class<?> defineFromTestClasses(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = ApiBundleLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
