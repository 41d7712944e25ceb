package org.s3upload.examples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.s3upload.wowza.ModuleS3Upload;
import org.s3upload.wowza.engine.EngineStatus;

/**
 * {@code --crash-after-percent}: watches the module's byte counter and, once the given share of
 * all bytes is sent, records that in the run state and halts the JVM (no shutdown hooks, no
 * flushing by the module), as a power cut or {@code kill -9} would.
 */
final class CrashSwitch implements Runnable {
    static final int EXIT_CODE = 137;

    private final ModuleS3Upload module;
    private final long threshold;
    private final Path stateFile;
    private final String destination;
    private final PrintStream out;

    CrashSwitch(ModuleS3Upload module, long totalBytes, int percent, Path stateFile, String destination, PrintStream out) {
        this.module = module;
        this.threshold = Math.max(1, (totalBytes * percent + 99) / 100);
        this.stateFile = stateFile;
        this.destination = destination;
        this.out = out;
    }

    void start() {
        Thread t = new Thread(this, "demo-crash-switch");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try {
            while (true) {
                EngineStatus s = module.status();
                long sent = s == null ? 0 : s.bytesSent();
                if (sent >= threshold) {
                    crash(sent);
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void crash(long sent) {
        try {
            new RunState(destination, true, sent).write(stateFile);
        } catch (IOException e) {
            out.println("(could not record the crash in " + stateFile + ": " + e + ")");
        }
        out.println();
        out.println("CRASH: " + Units.bytes(sent) + " bytes sent (>= " + Units.bytes(threshold)
                + "); halting the JVM now, as kill -9 would. Run again with --resume to watch the module recover.");
        out.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}
