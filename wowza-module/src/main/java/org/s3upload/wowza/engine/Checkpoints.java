package org.s3upload.wowza.engine;

/**
 * Named points in the engine where a crash test may stop the process (the crash tests kill a
 * child JVM with SIGKILL while it waits at one of them). Without an installed hook, reaching a
 * point does nothing.
 */
public final class Checkpoints {
    /** Half of a file's bytes are in the temporary file of an atomic write. */
    public static final String ATOMIC_WRITE_PARTIAL = "atomic-write:partial";
    /** The temporary file is complete and synced, not yet renamed over the target. */
    public static final String ATOMIC_WRITE_BEFORE_RENAME = "atomic-write:before-rename";
    /** Part of a recording's bytes reached the target, not all. */
    public static final String UPLOAD_PARTIAL = "upload:partial";
    /** The remote object was verified; neither the local file nor the marker were touched yet. */
    public static final String UPLOAD_VERIFIED = "upload:verified";
    /** A finish report has read the recording's size and time; nothing is journalled yet. */
    public static final String REPORT_READ = "report:read";
    /** The local recording was deleted (delete-original); the marker still exists. */
    public static final String LOCAL_DELETED = "upload:local-deleted";
    /** A completion notification is journalled; the recording's marker still exists, nothing was delivered. */
    public static final String NOTIFICATION_JOURNALLED = "notify:journalled";

    /** What a hook does when a point is reached. */
    public interface Hook {
        void reached(String point);
    }

    private static volatile Hook hook;

    private Checkpoints() {
    }

    /** Installs the hook (null removes it). */
    public static void install(Hook h) {
        hook = h;
    }

    static void reach(String point) {
        Hook h = hook;
        if (h != null) {
            h.reached(point);
        }
    }
}
