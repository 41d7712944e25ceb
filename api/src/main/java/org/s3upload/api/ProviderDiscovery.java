package org.s3upload.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.s3upload.spi.UploadTargetProvider;

/**
 * What one {@link java.util.ServiceLoader} scan found: the usable providers by id, the ids two or
 * more classes claimed (unusable until one JAR is removed), and a line for every provider that
 * was skipped and why. Immutable.
 */
public final class ProviderDiscovery {
    private final Map<String, UploadTargetProvider> providers;
    private final Map<String, List<String>> conflicts;
    private final List<String> problems;
    private final String searched;

    ProviderDiscovery(Map<String, UploadTargetProvider> providers, Map<String, List<String>> conflicts,
                      List<String> problems, String searched) {
        this.providers = Collections.unmodifiableMap(new TreeMap<>(providers));
        this.conflicts = Collections.unmodifiableMap(new LinkedHashMap<>(conflicts));
        this.problems = Collections.unmodifiableList(problems);
        this.searched = searched;
    }

    /** Usable providers by id, sorted by id. */
    public Map<String, UploadTargetProvider> providers() {
        return providers;
    }

    /** Ids claimed by more than one class, with the class names. */
    public Map<String, List<String>> conflicts() {
        return conflicts;
    }

    /** One sentence per skipped provider (failed to load, wrong SPI version, bad id). */
    public List<String> problems() {
        return problems;
    }

    /** Which service file was searched with which class loader. */
    public String searched() {
        return searched;
    }

    @Override
    public String toString() {
        return "ProviderDiscovery{providers=" + providers.keySet() + ", conflicts=" + conflicts.keySet()
                + ", problems=" + problems.size() + "}";
    }
}
