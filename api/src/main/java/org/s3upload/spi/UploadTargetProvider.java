package org.s3upload.spi;

import java.util.List;
import java.util.Map;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;

/**
 * <b>Take care when adding to these APIs: the intention is the minimal surface.</b> Every public
 * type and method of {@code org.s3upload.spi}, {@code org.s3upload.spi.support} and
 * {@code org.s3upload.api} is a promise to every provider written outside this project, kept
 * until the next SPI version; a helper that only one provider needs belongs in that provider.
 *
 * <p>The service that {@link java.util.ServiceLoader} discovers: one per storage kind ("s3",
 * "filesystem", ...). Register an implementation in
 * {@code META-INF/services/org.s3upload.spi.UploadTargetProvider}.
 *
 * <p>A provider is cheap and stateless: it must have a public no-argument constructor that does
 * no I/O, and every method may be called from any thread. All state lives in the
 * {@link UploadTarget} that {@link #create(Map)} returns.
 */
public interface UploadTargetProvider {

    /**
     * The SPI version this api implements. A provider returns this constant from
     * {@link #spiVersion()}; because it is a compile-time constant, the value is fixed into the
     * provider's bytecode when the provider is built, which is what lets discovery tell a provider
     * built for another api version apart.
     *
     * <p>Version 2: the SPI moved out of {@code org.s3upload.api} into this package, and its helpers
     * into {@code org.s3upload.spi.support}; object keys are validated where a request is built.
     * Added within version 2, compatibly: {@link org.s3upload.api.UploadRequest#throttle()}, the
     * bandwidth limit a provider draws from as it sends (unlimited by default). A provider built
     * before it runs unchanged; it just does not honour the limit.
     */
    int SPI_VERSION = 2;

    /**
     * The stable identifier operators use to choose this provider: lowercase letters, digits and
     * '-', starting with a letter (for example {@code "s3"}). It never changes between releases.
     */
    String id();

    /** Must return {@link #SPI_VERSION} as seen by the compiler that built the provider. */
    int spiVersion();

    /** One line for humans, for example "Amazon S3 and S3-compatible object storage". */
    String description();

    /**
     * Every configuration key this provider reads, in documentation order. Keys marked
     * {@link ConfigKey#secret() secret} are masked by callers whenever configuration is shown.
     */
    List<ConfigKey> configKeys();

    /**
     * Validates {@code config} and builds a target for it. Keys that the provider does not know are
     * ignored, so callers may pass one map holding the settings of several providers.
     *
     * <p>Validation is complete before anything is built: a bad configuration fails with one
     * {@link UploadException} ({@link UploadException.Kind#PERMANENT}) whose message names every
     * missing or invalid key and how to fix it, never a secret value. Whether the remote side is
     * reachable is not checked here (no network I/O is required), so a target can be created while
     * the storage is down.
     *
     * @param config flat configuration; not modified, not retained after the call
     * @return a new, independent target; the caller closes it
     */
    UploadTarget create(Map<String, String> config) throws UploadException;
}
