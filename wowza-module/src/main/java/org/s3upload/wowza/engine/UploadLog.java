package org.s3upload.wowza.engine;

/**
 * Where the engine's log lines go. The Wowza adapter writes them to the application's
 * {@code WMSLogger}; tests capture them. Implementations must be thread-safe.
 */
public interface UploadLog {

    void info(String message);

    void warn(String message);

    /** {@code cause} may be null. */
    void error(String message, Throwable cause);

    /** Diagnostic detail; shown only when the operator asked for it. */
    void debug(String message);
}
