package org.s3upload.examples.demo;

import com.wowza.wms.logging.WMSLogger;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The simulated Wowza's logger: every line of the module goes to the demo's module log file (as
 * Wowza writes its access/error logs), and is parsed into {@link ModuleEvent}s for the display.
 * Each line is flushed at once, so the file is complete up to a hard crash.
 */
final class ModuleLog extends WMSLogger {
    private final Path file;
    private final BufferedWriter out;
    private final ConcurrentLinkedQueue<ModuleEvent> events = new ConcurrentLinkedQueue<>();
    private volatile LongSupplier bytesSent;

    ModuleLog(Path file) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    Path file() {
        return file;
    }

    /**
     * The module's byte counter. Read when the module logs that an upload begins, on the module's
     * own thread before it sends a byte of it: the board then knows exactly where that upload's
     * bytes start. (That line is logged outside the module's per-recording locks, so reading its
     * status there cannot deadlock.)
     */
    void countBytesWith(LongSupplier counter) {
        this.bytesSent = counter;
    }

    @Override
    protected void log(String level, String message, Throwable t) {
        synchronized (out) {
            try {
                out.write(Instant.now() + " " + level + " " + message);
                out.newLine();
                if (t != null) {
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    out.write(trace.toString());
                }
                out.flush();
            } catch (IOException e) {
                // The log file is a record for the curious; the events below still drive the demo.
            }
        }
        int end = message.startsWith("ModuleS3Upload [") ? message.indexOf("] ") : -1;
        ModuleEvent e = ModuleEvent.parse(level, end < 0 ? message : message.substring(end + 2));
        LongSupplier counter = bytesSent;
        if (e.startsUpload() && counter != null) {
            e = e.withSentBefore(counter.getAsLong());
        }
        events.add(e);
    }

    /** The events reported since the last call, oldest first. */
    List<ModuleEvent> drain() {
        List<ModuleEvent> list = new ArrayList<>();
        ModuleEvent e;
        while ((e = events.poll()) != null) {
            list.add(e);
        }
        return list;
    }

    void close() {
        synchronized (out) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing left to lose
            }
        }
    }
}
