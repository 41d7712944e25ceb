package org.s3upload.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * Where the tool talks to: standard output (results, for pipes), standard error (warnings and
 * problems), the console it reads a confirmation from, its environment and its clock. Passed in,
 * so that tests run the real commands in-process. Every line is redacted of known secrets.
 */
final class Terminal {
    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader in;
    final Map<String, String> env;
    final Clock clock;
    final Secrets secrets = new Secrets();

    Terminal(PrintWriter out, PrintWriter err, BufferedReader in, Map<String, String> env, Clock clock) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = env;
        this.clock = clock;
    }

    void out(String line) {
        out.println(secrets.redact(line));
        out.flush();
    }

    void err(String line) {
        err.println(secrets.redact(line));
        err.flush();
    }

    /** Asks a yes/no question on the console; anything but y or yes (or no answer at all) is no. */
    boolean confirm(String question) {
        out.print(secrets.redact(question) + " [y/N] ");
        out.flush();
        String answer;
        try {
            answer = in == null ? null : in.readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            out.println();
            err("no answer (standard input is closed); taking it as no. In scripts, add --yes");
            return false;
        }
        String a = answer.trim().toLowerCase(java.util.Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    PrintWriter outWriter() {
        return out;
    }

    PrintWriter errWriter() {
        return err;
    }
}
