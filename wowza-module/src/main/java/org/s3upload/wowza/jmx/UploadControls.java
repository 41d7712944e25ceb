package org.s3upload.wowza.jmx;

import org.s3upload.wowza.engine.EngineSnapshot;

/**
 * What the JMX bean may read and do: one application instance's uploads, whichever engine runs
 * them at the moment (the one starting, the running one). Implemented by the Wowza module.
 */
public interface UploadControls {
    /** The uploads at one instant; null while the module is not running. */
    EngineSnapshot snapshot();

    /** Hides secrets (configured credentials) in a text before it leaves the module; null stays null. */
    String mask(String text);

    void retryFailed();

    /** Retries (or queues at once) one recording; see {@code UploadEngine.retry}. */
    String retry(String nameOrPath);

    void pause();

    void resume();

    /** The bandwidth cap in force, bytes per second; 0 for none. */
    long maxBytesPerSecond();

    /** Sets the bandwidth cap until the next start; 0 removes it. */
    void setMaxBytesPerSecond(long bytesPerSecond);
}
