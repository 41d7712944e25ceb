package org.s3upload.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.s3upload.wowza.engine.MarkerInventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s3upload status CONTENT_DIR}: every marker under a content folder, read-only. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Lists every recording waiting for its upload under a content folder: the markers the module"
                + " keeps next to the recordings (recursively, as the module finds them at start), with owner, state, age,"
                + " attempts and last error. Changes nothing; Wowza need not run.",
                "Exit status: 0 all waiting or uploading, 1 a marker failed, is unreadable or was set aside, 2 usage error."})
final class StatusCommand implements Callable<Integer> {
    private final Terminal t;

    @Parameters(paramLabel = "CONTENT_DIR", description = "The application's content (storage) folder, e.g. [install-dir]/content.")
    Path contentDir;

    @Option(names = "--json", description = "One JSON object (schema s3upload-status/1, see the operator guide) instead of text.")
    boolean json;

    StatusCommand(Terminal t) {
        this.t = t;
    }

    @Override
    public Integer call() throws CliProblem {
        MarkerInventory inventory;
        try {
            inventory = MarkerInventory.of(contentDir);
        } catch (NoSuchFileException e) {
            throw CliProblem.usage("CONTENT_DIR " + contentDir + " is not a folder; give the application's content folder"
                    + " (Wowza's default: [install-dir]/content)");
        } catch (IOException e) {
            throw CliProblem.failed("cannot read the content folder " + contentDir + ": " + e);
        }
        StatusReport report = new StatusReport(contentDir, inventory, t.clock.millis());
        if (json) {
            t.out(report.json());
        } else {
            for (String line : report.text()) {
                t.out(line);
            }
        }
        for (String p : inventory.unreadableFolders()) {
            t.err("warning: " + p);
        }
        return report.needsAttention() ? ExitCodes.ATTENTION : ExitCodes.OK;
    }
}
