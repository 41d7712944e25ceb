package org.s3upload.examples.demo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thing the module reported in its log that the demo shows: an upload began, ended or
 * failed, or the target could not be made. Read from the module's own log lines, so the demo
 * watches the module from the outside, as an operator would. Immutable.
 */
final class ModuleEvent {
    enum Kind { STARTED, RESUMED, UPLOADED, ALREADY_THERE, RESUME_REFUSED, RETRYING, FAILED, TARGET_RETRYING, UNUSABLE, OTHER }

    private static final Pattern STARTED = Pattern.compile("(uploading|resuming) (.+?) -> (\\S+) \\(attempt (\\d+)\\)");
    private static final Pattern UPLOADED = Pattern.compile("uploaded (.+?) -> (\\S+) \\((\\d+) bytes, .*?verified(?:, resumed: sent (\\d+))?\\).*");
    private static final Pattern ALREADY = Pattern.compile("recording (.+?) is already at (\\S+) \\(same size and (?:MD5|checksum)\\).*");
    private static final Pattern REFUSED = Pattern.compile("cannot resume (.+?) \\((.*)\\); uploading it from the start");
    private static final Pattern RETRYING = Pattern.compile("upload of (.+?)(?: -> \\S+)? failed \\(attempt (\\d+)\\): (.*); retrying in .*");
    private static final Pattern FAILED = Pattern.compile("upload of (.+?)(?: -> \\S+)? failed permanently: (.*?)\\. Fix the cause.*");
    private static final Pattern TARGET_RETRYING = Pattern.compile("cannot create the upload target yet \\((.*)\\); retrying.*");
    private static final Pattern UNUSABLE = Pattern.compile("(?:configuration is not usable: (.*?)\\. Recordings are journalled.*"
            + "|could not start \\((.*?)\\); recordings are journalled.*)");

    final Kind kind;
    final String level;
    final Path recording;
    final String key;
    /** Attempt number (STARTED, RETRYING) or bytes sent by a resumed upload (UPLOADED; -1 when not reported). */
    final long number;
    /** The reason of a failure, or the whole line. */
    final String text;
    /** STARTED, RESUMED: the module's count of bytes sent when it logged the line (-1 when not known). */
    final long sentBefore;

    private ModuleEvent(Kind kind, String level, Path recording, String key, long number, String text) {
        this(kind, level, recording, key, number, text, -1);
    }

    private ModuleEvent(Kind kind, String level, Path recording, String key, long number, String text, long sentBefore) {
        this.kind = kind;
        this.level = level;
        this.recording = recording;
        this.key = key;
        this.number = number;
        this.text = text;
        this.sentBefore = sentBefore;
    }

    /** This event with the module's byte count at the moment it was logged. */
    ModuleEvent withSentBefore(long sent) {
        return new ModuleEvent(kind, level, recording, key, number, text, sent);
    }

    boolean startsUpload() {
        return kind == Kind.STARTED || kind == Kind.RESUMED;
    }

    /** Reads one log message of the module (its "ModuleS3Upload [context] " prefix removed). */
    static ModuleEvent parse(String level, String message) {
        Matcher m = STARTED.matcher(message);
        if (m.matches()) {
            return new ModuleEvent("resuming".equals(m.group(1)) ? Kind.RESUMED : Kind.STARTED, level, path(m.group(2)),
                    m.group(3), Long.parseLong(m.group(4)), message);
        }
        m = UPLOADED.matcher(message);
        if (m.matches()) {
            return new ModuleEvent(Kind.UPLOADED, level, path(m.group(1)), m.group(2),
                    m.group(4) == null ? -1 : Long.parseLong(m.group(4)), message);
        }
        m = ALREADY.matcher(message);
        if (m.matches()) {
            return new ModuleEvent(Kind.ALREADY_THERE, level, path(m.group(1)), m.group(2), 0, message);
        }
        m = REFUSED.matcher(message);
        if (m.matches()) {
            return new ModuleEvent(Kind.RESUME_REFUSED, level, path(m.group(1)), null, 0, m.group(2));
        }
        m = RETRYING.matcher(message);
        if (m.matches()) {
            return new ModuleEvent(Kind.RETRYING, level, path(m.group(1)), null, Long.parseLong(m.group(2)), m.group(3));
        }
        m = FAILED.matcher(message);
        if (m.matches()) {
            return new ModuleEvent(Kind.FAILED, level, path(m.group(1)), null, 0, m.group(2));
        }
        m = TARGET_RETRYING.matcher(message);
        if (m.matches()) {
            return new ModuleEvent(Kind.TARGET_RETRYING, level, null, null, 0, m.group(1));
        }
        m = UNUSABLE.matcher(message);
        if (m.matches()) {
            return new ModuleEvent(Kind.UNUSABLE, level, null, null, 0, m.group(1) != null ? m.group(1) : m.group(2));
        }
        return new ModuleEvent(Kind.OTHER, level, null, null, 0, message);
    }

    private static Path path(String s) {
        return Paths.get(s).toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return kind + " " + (recording != null ? recording + " " : "") + text;
    }
}
