package org.s3upload.cli;

import java.util.concurrent.Callable;
import org.s3upload.api.UploadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code s3upload orphans}: lists the target's old incomplete uploads; changes nothing. */
@Command(name = "orphans", mixinStandardHelpOptions = true,
        description = {"Lists the target's incomplete (multipart or partial) uploads under a prefix that began longer ago"
                + " than --older-than, with the bytes each stores, and (with --content) which ones a marker still holds."
                + " Changes nothing.",
                "Exit status: 0 none listed, 1 some listed, 2 usage or configuration error, 3 the target failed."})
final class OrphansCommand implements Callable<Integer> {
    private final Terminal t;

    @Mixin
    OrphanOptions options = new OrphanOptions();

    @Option(names = "--json", description = "One JSON object (schema s3upload-orphans/1, see the operator guide) instead of text.")
    boolean json;

    OrphansCommand(Terminal t) {
        this.t = t;
    }

    @Override
    public Integer call() throws CliProblem {
        MarkerHolds holds = options.content == null ? null : MarkerHolds.of(options.content);
        try (TargetOptions.Opened opened = options.target.open(t)) {
            Orphans orphans;
            try {
                orphans = Orphans.find(opened.target, options.prefix(opened), options.olderThan, holds, t.clock.millis());
            } catch (UploadException e) {
                throw CliProblem.failed("cannot list the incomplete uploads of " + opened.target.fingerprint() + ": "
                        + e.getMessage());
            }
            OrphansReport report = new OrphansReport(orphans, opened.target.fingerprint(), t.clock.millis());
            if (json) {
                t.out(report.json());
            } else {
                for (String line : report.text()) {
                    t.out(line);
                }
            }
            return orphans.listed.isEmpty() ? ExitCodes.OK : ExitCodes.ATTENTION;
        }
    }
}
