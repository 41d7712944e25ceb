package org.s3upload.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a client JVM spent its CPU, from a JFR recording's execution samples: the share of samples
 * per top-of-stack method, and per coarse category (hashing, copying, signing, network, JIT'd rest).
 */
final class JfrSummary {
    private JfrSummary() {
    }

    record Summary(int samples, Map<String, Integer> topMethods, Map<String, Integer> categories) {
    }

    static Summary read(Path jfr, int top) throws IOException {
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> categories = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame f = frames.get(0);
            String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            methods.merge(m, 1, Integer::sum);
            categories.merge(category(frames), 1, Integer::sum);
        }
        return new Summary(samples, sortedTop(methods, top), sortedTop(categories, 20));
    }

    /** The first recognisable frame from the top decides; stacks are walked only a little way down. */
    private static String category(List<RecordedFrame> frames) {
        for (int i = 0; i < Math.min(frames.size(), 12); i++) {
            String t = frames.get(i).getMethod().getType().getName();
            if (t.startsWith("java.lang.invoke.VarHandle") || t.equals("jdk.internal.misc.Unsafe")
                    || t.equals("sun.security.provider.ByteArrayAccess")) {
                continue; // byte-order helpers: the caller (usually a digest) tells what the work is
            }
            String m = frames.get(i).getMethod().getName();
            if (t.contains("SHA2") || t.contains("SHA5") || (t.contains("DigestBase") && i > 0 && frames.get(i - 1).getMethod().getType().getName().contains("SHA"))) {
                return "SHA-256 (SigV4 payload signing)";
            }
            if (t.contains("MD5")) {
                return "MD5";
            }
            if (t.contains("HmacCore") || t.contains("javax.crypto.Mac")) {
                return "HMAC (per-chunk signatures)";
            }
            if (t.startsWith("java.net.Socket") || t.startsWith("sun.nio.ch.NioSocketImpl") || t.contains("SocketOutputStream")
                    || t.contains("SocketInputStream")) {
                return "socket I/O";
            }
            if (t.startsWith("java.io.FileInputStream") || t.startsWith("sun.nio.ch.FileChannelImpl") || t.startsWith("java.io.RandomAccessFile")) {
                return "file read";
            }
            if (t.contains("AwsChunkedEncodingInputStream")) {
                return "SigV4 aws-chunked framing and signing (SHA-256 of each chunk inlined here)";
            }
            if (t.contains("ByteArrayOutputStream") || m.equals("arraycopy")) {
                return "buffer copies";
            }
        }
        String t = frames.get(0).getMethod().getType().getName();
        int dot = t.lastIndexOf('.');
        return "other: " + (dot > 0 ? t.substring(0, dot) : t);
    }

    private static Map<String, Integer> sortedTop(Map<String, Integer> m, int n) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
