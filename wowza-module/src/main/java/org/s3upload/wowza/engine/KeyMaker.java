package org.s3upload.wowza.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a recording's path into its object key: {@code prefix + template}, where the default
 * template {@code ${path}} is the path relative to the storage directory with '/' on every OS.
 * Pure; the versioning that needs the target lives in the engine.
 */
public final class KeyMaker {
    public static final String DEFAULT_TEMPLATE = "${path}";
    public static final List<String> VARIABLES = Collections.unmodifiableList(Arrays.asList(
            "app", "appInstance", "stream", "file", "path", "yyyy", "MM", "dd", "HH", "mm"));
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern EXTENSION = Pattern.compile("(.*?)(\\.[^./]+)?");

    private final String prefix;
    private final String template;
    private final List<Path> roots;
    private final boolean stripRecorderVersioning;
    private final String app;
    private final String appInstance;

    public KeyMaker(String prefix, String template, List<Path> roots, boolean stripRecorderVersioning,
                    String app, String appInstance) {
        this.prefix = normalisePrefix(prefix);
        this.template = template == null || template.trim().isEmpty() ? DEFAULT_TEMPLATE : template.trim();
        this.roots = new ArrayList<>();
        for (Path r : roots) {
            this.roots.add(r.toAbsolutePath().normalize());
        }
        this.stripRecorderVersioning = stripRecorderVersioning;
        this.app = app == null ? "" : app;
        this.appInstance = appInstance == null ? "" : appInstance;
        String bad = unknownVariable(this.template);
        if (bad != null) {
            throw new IllegalArgumentException("unknown variable ${" + bad + "} in the key template '" + this.template
                    + "'; use only " + VARIABLES);
        }
    }

    /** The prefix with '/' separators, no leading '/', and a trailing '/' unless empty. */
    public static String normalisePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.trim().replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (!p.isEmpty() && !p.endsWith("/")) {
            p = p + "/";
        }
        return p;
    }

    /** The variable in {@code template} that is not known, or null. */
    public static String unknownVariable(String template) {
        Set<String> known = new HashSet<>(VARIABLES);
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            if (!known.contains(m.group(1))) {
                return m.group(1);
            }
        }
        return null;
    }

    public String prefix() {
        return prefix;
    }

    /**
     * The key for {@code recording}, written from {@code stream} (may be null when unknown) and
     * last modified at {@code mtime} (dates are UTC).
     */
    public String key(Path recording, String stream, long mtime) {
        Path abs = recording.toAbsolutePath().normalize();
        String file = abs.getFileName().toString();
        String path = file;
        for (Path root : roots) {
            if (abs.startsWith(root) && !abs.equals(root)) {
                path = slashes(root.relativize(abs));
                break;
            }
        }
        String streamName = baseStreamName(stream);
        if (stripRecorderVersioning && streamName != null) {
            String stripped = stripVersion(file, streamName);
            if (!stripped.equals(file)) {
                path = path.substring(0, path.length() - file.length()) + stripped;
                file = stripped;
            }
        }
        Calendar c = Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
        c.setTimeInMillis(mtime < 0 ? 0 : mtime);
        StringBuffer out = new StringBuffer();
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            String value;
            switch (m.group(1)) {
                case "app": value = app; break;
                case "appInstance": value = appInstance; break;
                case "stream": value = streamName != null ? streamName : baseName(file); break;
                case "file": value = file; break;
                case "path": value = path; break;
                case "yyyy": value = pad(c.get(Calendar.YEAR), 4); break;
                case "MM": value = pad(c.get(Calendar.MONTH) + 1, 2); break;
                case "dd": value = pad(c.get(Calendar.DAY_OF_MONTH), 2); break;
                case "HH": value = pad(c.get(Calendar.HOUR_OF_DAY), 2); break;
                case "mm": value = pad(c.get(Calendar.MINUTE), 2); break;
                default: throw new IllegalStateException("unchecked variable " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String key = (prefix + out).replaceAll("/{2,}", "/");
        while (key.startsWith("/")) {
            key = key.substring(1);
        }
        return key;
    }

    /** {@code name_N.ext} for versioning: candidate {@code n} of {@code key}. */
    public static String versioned(String key, int n) {
        int slash = key.lastIndexOf('/');
        String dir = key.substring(0, slash + 1);
        String name = key.substring(slash + 1);
        Matcher m = EXTENSION.matcher(name);
        m.matches();
        String ext = m.group(2) == null ? "" : m.group(2);
        return dir + m.group(1) + "_" + n + ext;
    }

    /**
     * Removes the {@code _N} that Wowza's recorder versioning appends to {@code stream}'s file
     * name, and nothing else: {@code camera_2.mp4} of stream {@code camera_2} stays as it is.
     */
    static String stripVersion(String file, String stream) {
        Matcher m = EXTENSION.matcher(file);
        m.matches();
        String base = m.group(1);
        String ext = m.group(2) == null ? "" : m.group(2);
        String head = stream + "_";
        if (base.startsWith(head) && base.length() > head.length() && base.substring(head.length()).matches("\\d+")) {
            return stream + ext;
        }
        return file;
    }

    /** The stream name as used in file names: without "mp4:"-style type prefix, folders or extension. */
    static String baseStreamName(String stream) {
        if (stream == null || stream.trim().isEmpty()) {
            return null;
        }
        String s = stream.trim();
        int colon = s.indexOf(':');
        if (colon > 0 && colon < 5) {
            s = s.substring(colon + 1);
        }
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1);
        return s.isEmpty() ? null : s;
    }

    private static String baseName(String file) {
        Matcher m = EXTENSION.matcher(file);
        m.matches();
        return m.group(1);
    }

    private static String slashes(Path relative) {
        StringBuilder sb = new StringBuilder();
        for (Path part : relative) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part.toString());
        }
        return sb.toString();
    }

    private static String pad(int v, int width) {
        StringBuilder s = new StringBuilder(Integer.toString(v));
        while (s.length() < width) {
            s.insert(0, '0');
        }
        return s.toString();
    }
}
