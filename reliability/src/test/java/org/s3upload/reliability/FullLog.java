package org.s3upload.reliability;

import com.wowza.wms.logging.WMSLogger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A WMSLogger (stub) that keeps every line together with the full stack trace of its throwable,
 * causes included. wowza-module's CapturingWmsLogger keeps only {@code Throwable.toString()}, and
 * the secret search must see every cause's message too.
 */
final class FullLog extends WMSLogger {
    private final List<String> lines = new ArrayList<>();

    @Override
    protected synchronized void log(String level, String message, Throwable t) {
        String line = level + " " + message;
        if (t != null) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            line += " | " + w;
        }
        lines.add(line);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    List<String> at(String level) {
        return lines().stream().filter(l -> l.startsWith(level + " ")).collect(Collectors.toList());
    }

    long count(String level, String containing) {
        return at(level).stream().filter(l -> l.contains(containing)).count();
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
