package org.s3upload.wowza.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Collects the engine's log lines for assertions. */
final class CapturingLog implements UploadLog {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public synchronized void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public synchronized void error(String message, Throwable cause) {
        lines.add("ERROR " + message);
    }

    @Override
    public synchronized void debug(String message) {
        lines.add("DEBUG " + message);
    }

    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    List<String> at(String level) {
        return lines().stream().filter(l -> l.startsWith(level + " ")).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
