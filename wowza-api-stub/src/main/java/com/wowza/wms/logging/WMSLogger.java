package com.wowza.wms.logging;

import java.io.PrintStream;

/**
 * Compile-only stand-in for Wowza's logger, declaring exactly the String-typed members that link
 * on every Wowza 4.x release. Every call ends in {@link #log(String, String, Throwable)}, which tests
 * override to capture lines; by default it prints to standard error.
 */
public class WMSLogger {

    public WMSLogger() {
    }

    /** Stub only: where every line goes. */
    protected void log(String level, String message, Throwable t) {
        PrintStream out = System.err;
        out.println(level + " " + message);
        if (t != null) {
            t.printStackTrace(out);
        }
    }

    public boolean isDebugEnabled() {
        return false;
    }

    public void debug(String message) {
        log("DEBUG", message, null);
    }

    public void debug(String message, Throwable t) {
        log("DEBUG", message, t);
    }

    public void info(String message) {
        log("INFO", message, null);
    }

    public void info(String message, String category, String event) {
        log("INFO", message, null);
    }

    public void info(String message, Throwable t) {
        log("INFO", message, t);
    }

    public void warn(String message) {
        log("WARN", message, null);
    }

    public void warn(String message, String category, String event) {
        log("WARN", message, null);
    }

    public void warn(String message, Throwable t) {
        log("WARN", message, t);
    }

    public void error(String message) {
        log("ERROR", message, null);
    }

    public void error(String message, String category, String event) {
        log("ERROR", message, null);
    }

    public void error(String message, Throwable t) {
        log("ERROR", message, t);
    }
}
