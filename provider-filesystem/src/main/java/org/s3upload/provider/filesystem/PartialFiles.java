package org.s3upload.provider.filesystem;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the hidden files an upload keeps next to its destination {@code dir/name}:
 * <ul>
 *   <li>{@code .name.s3upload-partial-<id>}: the data copied so far;</li>
 *   <li>{@code .name.s3upload-partial-<id>.journal}: which chunks of it are complete;</li>
 *   <li>{@code .name.s3upload-partial-<id>.tmp}: the next journal or sidecar, before its rename;</li>
 *   <li>{@code .name.s3upload-meta}: the sidecar of the complete object (size, MD5, content type, metadata).</li>
 * </ul>
 * Every file of one upload starts with the partial file's name, so abort removes them all.
 */
final class PartialFiles {
    static final String PARTIAL = KeyPaths.RESERVED + "partial-";
    static final String META = KeyPaths.RESERVED + "meta";
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern PARTIAL_NAME = Pattern.compile("\\.(.+)" + Pattern.quote(PARTIAL) + "([0-9a-f]{16})(\\.journal)?");

    private final Path destination;
    private final String uploadId;

    PartialFiles(Path destination, String uploadId) {
        if (!isUploadId(uploadId)) {
            throw new IllegalArgumentException("not an upload id: " + uploadId);
        }
        this.destination = destination;
        this.uploadId = uploadId;
    }

    /** True for the provider's upload ids (16 lowercase hex digits); they become part of file names. */
    static boolean isUploadId(String s) {
        return s != null && UPLOAD_ID.matcher(s).matches();
    }

    Path destination() {
        return destination;
    }

    String uploadId() {
        return uploadId;
    }

    Path data() {
        return sibling("." + destination.getFileName() + PARTIAL + uploadId);
    }

    Path journal() {
        return sibling(data().getFileName() + ".journal");
    }

    Path temp() {
        return sibling(data().getFileName() + ".tmp");
    }

    static Path sidecar(Path destination) {
        return destination.resolveSibling("." + destination.getFileName() + META);
    }

    /** For a file name of a partial or its journal: {objectName, uploadId}; otherwise null. */
    static String[] parse(String fileName) {
        Matcher m = PARTIAL_NAME.matcher(fileName);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }

    private Path sibling(String name) {
        return destination.resolveSibling(name);
    }
}
