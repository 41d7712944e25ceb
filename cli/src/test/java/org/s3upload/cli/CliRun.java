package org.s3upload.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** One in-process run of the tool's entry point, with what it printed. */
final class CliRun {
    final int exit;
    final String out;
    final String err;

    private CliRun(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    /** Everything printed, for assertions that something appears nowhere. */
    String all() {
        return out + err;
    }

    static Builder with() {
        return new Builder();
    }

    static CliRun run(String... args) {
        return new Builder().run(args);
    }

    static final class Builder {
        private String stdin = "";
        private final Map<String, String> env = new HashMap<>();
        private Clock clock = Clock.systemUTC();

        Builder stdin(String text) {
            this.stdin = text;
            return this;
        }

        Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Builder now(long epochMillis) {
            this.clock = Clock.fixed(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
            return this;
        }

        CliRun run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Terminal t = new Terminal(new PrintWriter(out), new PrintWriter(err),
                    new BufferedReader(new StringReader(stdin)), env, clock);
            int exit = S3UploadCli.run(t, args);
            return new CliRun(exit, out.toString(), err.toString());
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
