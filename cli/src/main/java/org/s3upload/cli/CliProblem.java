package org.s3upload.cli;

/** A problem the tool reports in one sentence (naming the option, file or key and the fix) and exits with. */
final class CliProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliProblem(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliProblem usage(String message) {
        return new CliProblem(ExitCodes.USAGE, message);
    }

    static CliProblem failed(String message) {
        return new CliProblem(ExitCodes.FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
