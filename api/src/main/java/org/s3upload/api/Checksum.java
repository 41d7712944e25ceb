package org.s3upload.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.s3upload.spi.support.Checksums;

/**
 * A content checksum of a whole object, and what kind of proof it is. Immutable.
 *
 * <ul>
 * <li>{@link Kind#MD5}: the MD5 of all the bytes (a filesystem copy, a single S3 PUT).</li>
 * <li>{@link Kind#PART_MD5S}: the checksum S3 gives a multipart object as its ETag: the MD5 of the
 * concatenated binary MD5s of its parts, then {@code -} and the part count. Every part but the last
 * has {@link #partSize()} bytes, so the same value can be recomputed from a local file
 * ({@link Checksums#of(java.nio.file.Path, Checksum)}) and proves every byte just as a whole MD5
 * does.</li>
 * </ul>
 *
 * <p>Text form ({@link #toString()}, {@link #parse(String)}): 32 lowercase hex digits for an MD5
 * (so an MD5 stored by an earlier release parses unchanged), {@code <hex>-<parts>/<partSize>} for
 * part MD5s, for example {@code 9b2cf535f27731c974343645a3985328-128/8388608}.
 */
public final class Checksum {
    /** What the checksum is computed over. */
    public enum Kind {
        /** MD5 of the whole content. */
        MD5,
        /** MD5 of the concatenated part MD5s, with the part count and part size (S3's multipart ETag). */
        PART_MD5S
    }

    private static final Pattern PARTS = Pattern.compile("([0-9a-f]{32})-([0-9]{1,5})/([0-9]{1,19})");

    private final Kind kind;
    private final String hex;
    private final int parts;
    private final long partSize;

    private Checksum(Kind kind, String hex, int parts, long partSize) {
        if (!Checksums.isMd5Hex(hex)) {
            throw new IllegalArgumentException("checksum '" + hex + "' is not 32 lowercase hex digits");
        }
        this.kind = kind;
        this.hex = hex;
        this.parts = parts;
        this.partSize = partSize;
    }

    /** The MD5 of the whole content, 32 lowercase hex digits. */
    public static Checksum md5(String hex) {
        return new Checksum(Kind.MD5, hex, 0, 0);
    }

    /**
     * S3's multipart checksum: {@code hex} is the MD5 of the concatenated part MD5s, {@code parts}
     * the number of parts (1 to 10,000), {@code partSize} the size of every part but the last.
     */
    public static Checksum partMd5s(String hex, int parts, long partSize) {
        if (parts < 1 || parts > 10_000 || partSize < 1) {
            throw new IllegalArgumentException("a part checksum needs 1 to 10000 parts of at least 1 byte, not "
                    + parts + " parts of " + partSize);
        }
        return new Checksum(Kind.PART_MD5S, hex, parts, partSize);
    }

    /** Reads the text form of {@link #toString()}; IllegalArgumentException naming the text otherwise. */
    public static Checksum parse(String text) {
        if (text != null && Checksums.isMd5Hex(text)) {
            return md5(text);
        }
        Matcher m = text == null ? null : PARTS.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a checksum: expected 32 lowercase hex digits "
                    + "(an MD5) or <hex>-<parts>/<partSize> (part MD5s)");
        }
        return partMd5s(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
    }

    public Kind kind() {
        return kind;
    }

    /** The 32 hex digits: the MD5, or the MD5 of the part MD5s. */
    public String hex() {
        return hex;
    }

    /** Number of parts; 0 for {@link Kind#MD5}. */
    public int parts() {
        return parts;
    }

    /** Size of every part but the last; 0 for {@link Kind#MD5}. */
    public long partSize() {
        return partSize;
    }

    /** The value as S3 shows it in an ETag: the hex, plus {@code -parts} for part MD5s. */
    public String etag() {
        return kind == Kind.MD5 ? hex : hex + "-" + parts;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Checksum)) {
            return false;
        }
        Checksum c = (Checksum) o;
        return kind == c.kind && hex.equals(c.hex) && parts == c.parts && partSize == c.partSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, hex, parts, partSize);
    }

    @Override
    public String toString() {
        return kind == Kind.MD5 ? hex : hex + "-" + parts + "/" + partSize;
    }
}
