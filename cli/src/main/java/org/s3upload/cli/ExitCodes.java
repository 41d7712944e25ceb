package org.s3upload.cli;

/**
 * What the tool's exit status means; the operator guide lists the same table. Scripts can rely on
 * these numbers.
 */
final class ExitCodes {
    /** Done; nothing needs attention. */
    static final int OK = 0;
    /** Done, and something needs attention (a failed or unreadable marker, orphans found), or the user declined. */
    static final int ATTENTION = 1;
    /** The command line, a file it names or the configuration is wrong; the message names it and the fix. */
    static final int USAGE = 2;
    /** The target (or the content folder) could not be read or changed: network, permissions, a store error. */
    static final int FAILED = 3;

    private ExitCodes() {
    }
}
