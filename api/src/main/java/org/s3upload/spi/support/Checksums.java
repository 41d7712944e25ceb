package org.s3upload.spi.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 helpers shared by providers and callers: the checksum that proves an upload complete. */
public final class Checksums {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Checksums() {
    }

    public static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5 MessageDigest", e);
        }
    }

    /** The MD5 of the whole file, lowercase hex. */
    public static String md5Hex(Path file) throws IOException {
        MessageDigest md5 = newMd5();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
            }
        }
        return hex(md5.digest());
    }

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** True for 32 lowercase hex digits. */
    public static boolean isMd5Hex(String s) {
        if (s == null || s.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
