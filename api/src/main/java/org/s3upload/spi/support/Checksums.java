package org.s3upload.spi.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.s3upload.api.Checksum;
import org.s3upload.api.RemoteObject;

/** MD5 helpers shared by providers and callers: the checksums that prove an upload complete. */
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

    /**
     * The checksum of {@code file} computed the way {@code like} was: its whole MD5, or its part
     * MD5s for {@code like.partSize()}. One pass over the file.
     */
    public static Checksum of(Path file, Checksum like) throws IOException {
        if (like.kind() == Checksum.Kind.MD5) {
            return Checksum.md5(md5Hex(file));
        }
        long partSize = like.partSize();
        MessageDigest ofParts = newMd5();
        MessageDigest part = newMd5();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        int parts = 0;
        long inPart = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) > 0 || buf.position() > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    int take = (int) Math.min(buf.remaining(), partSize - inPart);
                    part.update(buf.array(), buf.position(), take);
                    buf.position(buf.position() + take);
                    inPart += take;
                    if (inPart == partSize) {
                        ofParts.update(part.digest());
                        parts++;
                        inPart = 0;
                    }
                }
                buf.clear();
            }
        }
        if (inPart > 0 || parts == 0) {
            ofParts.update(part.digest());
            parts++;
        }
        return Checksum.partMd5s(hex(ofParts.digest()), parts, partSize);
    }

    /** S3's multipart checksum of parts with these binary MD5s (in part order), all but the last {@code partSize} bytes. */
    public static Checksum ofPartMd5s(List<byte[]> partMd5s, long partSize) {
        MessageDigest md = newMd5();
        for (byte[] p : partMd5s) {
            md.update(p);
        }
        return Checksum.partMd5s(hex(md.digest()), partMd5s.size(), partSize);
    }

    /**
     * True when the stored object {@code there} holds exactly the bytes of {@code file}: same size,
     * and the object's checksum recomputed from the file the same way. Reads the file only when the
     * sizes agree and the object has a checksum; an object without one is never taken as proven.
     */
    public static boolean holdsFile(RemoteObject there, Path file) throws IOException {
        if (!there.checksum().isPresent() || there.size() != Files.size(file)) {
            return false;
        }
        return of(file, there.checksum().get()).equals(there.checksum().get());
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
