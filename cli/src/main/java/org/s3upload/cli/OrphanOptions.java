package org.s3upload.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code orphans} and {@code abort} share: the target, the age, the prefix, the content folder. */
final class OrphanOptions {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "24h", converter = Durations.class,
            description = "Only uploads begun longer ago than this: 90s, 30m, 24h, 7d (default: ${DEFAULT-VALUE}).")
    Duration olderThan;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Key prefix to look under (default: the configured s3UploadFilePrefix; \"\" for everything the target sees).")
    String prefix;

    @Option(names = "--content", paramLabel = "DIR",
            description = "The content folder whose markers hold uploads; an upload a marker holds is never aborted.")
    Path content;

    /** The prefix to list under: the option, else the module's s3UploadFilePrefix. */
    String prefix(TargetOptions.Opened opened) throws CliProblem {
        if (prefix != null) {
            return prefix;
        }
        if (opened.filePrefix == null) {
            throw CliProblem.usage("s3UploadFilePrefix holds Wowza variables (${...}) that only Wowza decodes; give the"
                    + " prefix to look under with --prefix (\"\" for everything the target sees)");
        }
        return opened.filePrefix;
    }
}
