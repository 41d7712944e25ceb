package org.s3upload.provider.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.s3upload.spi.support.Checksums;

/**
 * MD5s of a local file read once: the whole file, and each part for a given part size. They let
 * us check a multipart upload that has no fingerprint (the original module's markers) part by part,
 * and check an object without our md5 metadata by its multipart ETag. Immutable.
 */
final class FileDigests {
    final String md5;
    final List<String> partMd5s;

    private FileDigests(String md5, List<String> partMd5s) {
        this.md5 = md5;
        this.partMd5s = Collections.unmodifiableList(partMd5s);
    }

    static FileDigests of(Path file, long partSize) throws IOException {
        MessageDigest whole = Checksums.newMd5();
        MessageDigest part = Checksums.newMd5();
        List<String> parts = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        long inPart = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int off = 0;
                while (off < n) {
                    int take = (int) Math.min(n - off, partSize - inPart);
                    whole.update(buf, off, take);
                    part.update(buf, off, take);
                    off += take;
                    inPart += take;
                    if (inPart == partSize) {
                        parts.add(Checksums.hex(part.digest()));
                        inPart = 0;
                    }
                }
            }
        }
        if (inPart > 0 || parts.isEmpty()) {
            parts.add(Checksums.hex(part.digest()));
        }
        return new FileDigests(Checksums.hex(whole.digest()), parts);
    }

    /** MD5 of part {@code partNumber} (1-based), or null past the end. */
    String partMd5(int partNumber) {
        return partNumber >= 1 && partNumber <= partMd5s.size() ? partMd5s.get(partNumber - 1) : null;
    }

    /** The ETag S3 gives a multipart object made of these parts: md5(concatenated part MD5s)-N. */
    String multipartEtag() {
        MessageDigest md = Checksums.newMd5();
        for (String p : partMd5s) {
            md.update(unhex(p));
        }
        return Checksums.hex(md.digest()) + "-" + partMd5s.size();
    }

    /** An ETag as S3 returns it, without quotes, in lowercase. */
    static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(java.util.Locale.ROOT);
    }

    private static byte[] unhex(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
