package org.s3upload.wowza.host;

import com.wowza.wms.logging.WMSLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A WMSLogger (stub) that keeps every line; install with WMSLoggerFactory.setLogger. */
public final class CapturingWmsLogger extends WMSLogger {
    private final List<String> lines = new ArrayList<>();
    private final boolean echo;

    public CapturingWmsLogger(boolean echo) {
        this.echo = echo;
    }

    @Override
    protected synchronized void log(String level, String message, Throwable t) {
        lines.add(level + " " + message + (t == null ? "" : " | " + t));
        if (echo) {
            super.log(level, message, t);
        }
    }

    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    public List<String> at(String level) {
        return lines().stream().filter(l -> l.startsWith(level + " ")).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
