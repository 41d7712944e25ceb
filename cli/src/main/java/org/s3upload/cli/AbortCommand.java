package org.s3upload.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.s3upload.api.UploadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code s3upload abort}: aborts the old incomplete uploads that no marker holds, after asking.
 * The markers are read again after the answer, so a marker written meanwhile still protects its upload.
 */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Aborts the incomplete uploads that 'orphans' lists, except every one a marker under --content"
                + " still holds (each skipped one is named with the marker). Asks before it acts; --yes for scripts.",
                "Exit status: 0 aborted (or nothing to abort), 1 declined, 2 usage or configuration error,"
                        + " 3 the target failed (some not aborted)."})
final class AbortCommand implements Callable<Integer> {
    private final Terminal t;

    @Mixin
    OrphanOptions options = new OrphanOptions();

    @Option(names = {"--yes", "-y"}, description = "Do not ask; abort at once (for scripts).")
    boolean yes;

    AbortCommand(Terminal t) {
        this.t = t;
    }

    @Override
    public Integer call() throws CliProblem {
        if (options.content == null) {
            throw CliProblem.usage("abort needs --content DIR, the content folder whose markers hold uploads, so that"
                    + " no upload the module will still resume is aborted (Wowza's default: [install-dir]/content)");
        }
        MarkerHolds holds = MarkerHolds.of(options.content);
        try (TargetOptions.Opened opened = options.target.open(t)) {
            String where = opened.target.fingerprint();
            Orphans orphans;
            try {
                orphans = Orphans.find(opened.target, options.prefix(opened), options.olderThan, holds, t.clock.millis());
            } catch (UploadException e) {
                throw CliProblem.failed("cannot list the incomplete uploads of " + where + ": " + e.getMessage());
            }
            for (String line : new OrphansReport(orphans, where, t.clock.millis()).text()) {
                t.out(line);
            }
            List<Orphans.Orphan> free = orphans.free();
            if (free.isEmpty()) {
                t.out("Nothing to abort.");
                return ExitCodes.OK;
            }
            if (!yes && !t.confirm("Abort " + free.size() + " incomplete upload(s) in " + where + ", "
                    + Human.bytes(Orphans.bytes(free)) + " stored?")) {
                t.out("Nothing aborted.");
                return ExitCodes.ATTENTION;
            }
            return abort(opened, free, MarkerHolds.of(options.content));
        }
    }

    private int abort(TargetOptions.Opened opened, List<Orphans.Orphan> free, MarkerHolds holdsNow) {
        int aborted = 0;
        int skipped = 0;
        int failed = 0;
        for (Orphans.Orphan o : free) {
            String name = o.upload.key() + " (upload " + o.upload.uploadId() + ")";
            String holder = holdsNow.holder(o.upload);
            if (holder != null) {
                t.out("skipped " + name + ": " + holder + ", written since the listing");
                skipped++;
                continue;
            }
            try {
                opened.target.abort(o.upload.abortToken());
                t.out("aborted " + name);
                aborted++;
            } catch (UploadException | RuntimeException e) {
                t.err("could not abort " + name + ": " + e.getMessage());
                failed++;
            }
        }
        t.out("Aborted " + aborted + ", skipped " + skipped + ", failed " + failed + ".");
        return failed > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
