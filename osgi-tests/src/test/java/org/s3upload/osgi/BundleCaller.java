package org.s3upload.osgi;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.s3upload.api.ProviderDiscovery;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadResult;
import org.s3upload.api.UploadTarget;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.api.UploadTargets;

/**
 * A caller of the api as any code inside the framework would be: it calls discovery without a
 * class loader and without any OSGi code. {@link ApiBundleLoader} links it against the api
 * bundle's classes, so only JDK types cross into the test.
 */
public final class BundleCaller {
    private BundleCaller() {
    }

    /** Provider id to the class loader that loaded the provider class. */
    public static Map<String, ClassLoader> providerLoaders() {
        Map<String, ClassLoader> loaders = new LinkedHashMap<>();
        for (Map.Entry<String, UploadTargetProvider> e : UploadTargets.discover().providers().entrySet()) {
            loaders.put(e.getKey(), e.getValue().getClass().getClassLoader());
        }
        return loaders;
    }

    /** Everything discovery reported besides usable providers: skipped providers and conflicting ids. */
    public static List<String> problemsAndConflicts() {
        ProviderDiscovery d = UploadTargets.discover();
        List<String> all = new java.util.ArrayList<>(d.problems());
        d.conflicts().forEach((id, classes) -> all.add(id + " claimed by " + classes));
        return all;
    }

    /** Uploads {@code file} to {@code key} through the provider {@code providerId}; returns the proven checksum in its text form ({@code Checksum#toString()}). */
    public static String upload(String providerId, Map<String, String> config, Path file, String key) throws Exception {
        try (UploadTarget target = UploadTargets.create(providerId, config)) {
            UploadResult result = target.start(UploadRequest.builder(file, key).build(), UploadListener.NONE)
                    .await(2, TimeUnit.MINUTES);
            return result.checksum().toString();
        }
    }
}
