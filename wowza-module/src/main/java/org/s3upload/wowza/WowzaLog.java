package org.s3upload.wowza;

import com.wowza.wms.logging.WMSLogger;
import org.s3upload.wowza.engine.UploadLog;

/** The engine's log lines, written to the application's WMSLogger with the module's name and context. */
final class WowzaLog implements UploadLog {
    private static final String CATEGORY = "application";
    private static final String EVENT = "comment";

    private final WMSLogger logger;
    private final String prefix;
    private final boolean debugAsInfo;

    /** With {@code debugAsInfo} (the original's s3UploadDebugLog), debug lines are written at INFO. */
    WowzaLog(WMSLogger logger, String context, boolean debugAsInfo) {
        this.logger = logger;
        this.prefix = "ModuleS3Upload [" + context + "] ";
        this.debugAsInfo = debugAsInfo;
    }

    @Override
    public void info(String message) {
        logger.info(prefix + message, CATEGORY, EVENT);
    }

    @Override
    public void warn(String message) {
        logger.warn(prefix + message, CATEGORY, EVENT);
    }

    @Override
    public void error(String message, Throwable cause) {
        if (cause == null) {
            logger.error(prefix + message, CATEGORY, EVENT);
        } else {
            logger.error(prefix + message, cause);
        }
    }

    @Override
    public void debug(String message) {
        if (debugAsInfo) {
            logger.info(prefix + "[debug] " + message, CATEGORY, EVENT);
        } else if (logger.isDebugEnabled()) {
            logger.debug(prefix + message);
        }
    }
}
