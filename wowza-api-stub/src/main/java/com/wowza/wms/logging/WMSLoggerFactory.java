package com.wowza.wms.logging;

import com.wowza.wms.application.IApplicationInstance;

/**
 * Compile-only stand-in for Wowza's logger factory. Outside Wowza every call returns the one
 * logger installed with {@link #setLogger} (a stub-only hook for tests; the real class has no such
 * method), by default one that prints to standard error.
 */
public class WMSLoggerFactory {
    private static volatile WMSLogger logger = new WMSLogger();

    public static WMSLogger getLoggerObj(IApplicationInstance appInstance) {
        return logger;
    }

    public static WMSLogger getLogger(Class<?> cls) {
        return logger;
    }

    /** Stub only: the logger every call returns from now on. */
    public static void setLogger(WMSLogger newLogger) {
        logger = newLogger == null ? new WMSLogger() : newLogger;
    }
}
