package org.s3upload.examples.demo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a run leaves for the next one in {@code demo-state.properties}: where it uploaded to, and
 * whether it was interrupted (and how many bytes it had sent by then). Immutable.
 */
final class RunState {
    final String destination;
    final boolean interrupted;
    final long sentBeforeCrash;

    RunState(String destination, boolean interrupted, long sentBeforeCrash) {
        this.destination = destination;
        this.interrupted = interrupted;
        this.sentBeforeCrash = sentBeforeCrash;
    }

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("destination", destination);
        p.setProperty("interrupted", String.valueOf(interrupted));
        p.setProperty("sentBeforeCrash", String.valueOf(sentBeforeCrash));
        StringWriter w = new StringWriter();
        p.store(w, "s3upload demo: state of the last run");
        DemoDirs.writeAtomically(file, w.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The state in {@code file}, or null when no run left one. */
    static RunState read(Path file) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        return new RunState(p.getProperty("destination", ""), Boolean.parseBoolean(p.getProperty("interrupted")),
                Long.parseLong(p.getProperty("sentBeforeCrash", "0")));
    }
}
