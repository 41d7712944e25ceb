package org.s3upload.wowza.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which recordings to upload, by file extension and stream name. Empty include lists include
 * everything; an exclude always wins. Stream patterns may use {@code *} and {@code ?}.
 */
public final class RecordingFilter {
    public static final RecordingFilter ALL = new RecordingFilter(null, null, null, null);

    private final List<String> includeExtensions;
    private final List<String> excludeExtensions;
    private final List<Pattern> includeStreams;
    private final List<Pattern> excludeStreams;

    /** Each argument is a comma-separated list, or null. */
    public RecordingFilter(String includeExtensions, String excludeExtensions, String includeStreams,
                           String excludeStreams) {
        this.includeExtensions = extensions(includeExtensions);
        this.excludeExtensions = extensions(excludeExtensions);
        this.includeStreams = globs(includeStreams);
        this.excludeStreams = globs(excludeStreams);
    }

    /** Null when {@code recording} from {@code stream} is wanted, else the reason it is not. */
    public String rejects(Path recording, String stream) {
        String name = recording.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (!includeExtensions.isEmpty() && !includeExtensions.contains(ext)) {
            return "extension '" + ext + "' is not in the include list " + includeExtensions;
        }
        if (excludeExtensions.contains(ext)) {
            return "extension '" + ext + "' is in the exclude list";
        }
        String s = stream == null ? "" : stream;
        if (!includeStreams.isEmpty() && !matchesAny(includeStreams, s)) {
            return "stream '" + s + "' matches no include pattern";
        }
        if (matchesAny(excludeStreams, s)) {
            return "stream '" + s + "' matches an exclude pattern";
        }
        return null;
    }

    public boolean isAll() {
        return includeExtensions.isEmpty() && excludeExtensions.isEmpty() && includeStreams.isEmpty()
                && excludeStreams.isEmpty();
    }

    private static boolean matchesAny(List<Pattern> patterns, String s) {
        for (Pattern p : patterns) {
            if (p.matcher(s).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> extensions(String list) {
        List<String> out = new ArrayList<>();
        for (String item : items(list)) {
            String e = item.toLowerCase(Locale.ROOT);
            out.add(e.startsWith(".") ? e.substring(1) : e);
        }
        return Collections.unmodifiableList(out);
    }

    private static List<Pattern> globs(String list) {
        List<Pattern> out = new ArrayList<>();
        for (String item : items(list)) {
            StringBuilder re = new StringBuilder();
            for (char c : item.toCharArray()) {
                if (c == '*') {
                    re.append(".*");
                } else if (c == '?') {
                    re.append('.');
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            out.add(Pattern.compile(re.toString()));
        }
        return Collections.unmodifiableList(out);
    }

    private static List<String> items(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String s : list.split(",")) {
                if (!s.trim().isEmpty()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
