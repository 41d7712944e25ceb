package org.s3upload.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code s3upload}: the operator's command-line tool. Runs without Wowza, on the same markers and
 * the same properties as the module. The entry point for {@code java -jar s3upload-cli.jar}.
 */
@Command(name = "s3upload", mixinStandardHelpOptions = true, versionProvider = S3UploadCli.Version.class,
        description = "Looks at the recordings S3Upload has still to upload, and at the target's incomplete uploads.",
        footer = {"", "Exit status: 0 ok, 1 something needs attention (a failed or unreadable marker, orphans found)"
                + " or the user declined, 2 usage or configuration error, 3 the target or the folder could not be read or changed."})
public final class S3UploadCli implements Callable<Integer> {
    private final Terminal t;

    private S3UploadCli(Terminal t) {
        this.t = t;
    }

    public static void main(String[] args) {
        Charset cs = Charset.defaultCharset();
        Terminal t = new Terminal(new PrintWriter(new OutputStreamWriter(System.out, cs), true),
                new PrintWriter(new OutputStreamWriter(System.err, cs), true),
                new BufferedReader(new InputStreamReader(System.in, cs)), System.getenv(), Clock.systemUTC());
        System.exit(run(t, args));
    }

    /** Runs one command line; returns the exit status. */
    static int run(Terminal t, String... args) {
        CommandLine cl = new CommandLine(new S3UploadCli(t))
                .addSubcommand(new StatusCommand(t))
                .addSubcommand(new OrphansCommand(t))
                .addSubcommand(new AbortCommand(t));
        cl.setOut(t.outWriter());
        cl.setErr(t.errWriter());
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliProblem) {
                t.err("s3upload: " + e.getMessage());
                return ((CliProblem) e).exitCode();
            }
            t.err("s3upload: unexpected failure: " + e);
            return ExitCodes.FAILED;
        });
        return cl.execute(args);
    }

    /** Without a command: the usage, and the exit status of a usage error. */
    @Override
    public Integer call() {
        t.err("s3upload: name a command: status, orphans or abort (s3upload --help shows them)");
        return ExitCodes.USAGE;
    }

    /** The version from the JAR's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = S3UploadCli.class.getPackage().getImplementationVersion();
            return new String[] {"s3upload " + (v == null ? "(development build)" : v)};
        }
    }
}
