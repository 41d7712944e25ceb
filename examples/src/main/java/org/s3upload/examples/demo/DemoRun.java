package org.s3upload.examples.demo;

import com.wowza.wms.logging.WMSLoggerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;
import org.s3upload.wowza.ModuleS3Upload;
import org.s3upload.wowza.stub.SimulatedAppInstance;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.engine.KeyMaker;
import org.s3upload.wowza.engine.Marker;
import org.s3upload.wowza.engine.MarkerFiles;

/**
 * One demo run: prepares the recordings and the target, runs the real module in the simulated
 * Wowza, shows its progress, checks every object itself and prints the summary.
 */
final class DemoRun {
    /** The simulated Wowza application the demo's recordings belong to. */
    static final String APPLICATION = "demo";
    static final String INSTANCE = "_definst_";

    /** A recording that failed this many times (or a target that could not be made this often) ends the demo. */
    private static final int GIVE_UP_AFTER_ATTEMPTS = 3;
    private static final long STALL_NANOS = 120_000_000_000L;

    private final DemoOptions options;
    private final DemoDirs dirs;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean ansi;

    DemoRun(DemoOptions options, PrintStream out, PrintStream err, boolean ansi) {
        this.options = options;
        this.dirs = new DemoDirs(options.dir);
        this.out = out;
        this.err = err;
        this.ansi = ansi;
    }

    /** @return the exit code; {@link DemoOptions.Invalid} for a resume that these options cannot make */
    int run() throws Exception {
        Files.createDirectories(dirs.root);
        RunState previous = null;
        List<Path> files;
        if (options.resume) {
            previous = RunState.read(dirs.state());
            files = SyntheticRecordings.existing(dirs.recordings());
            if (previous == null || files.isEmpty()) {
                throw new DemoOptions.Invalid("nothing to resume in " + dirs.root + ": run the demo there without"
                        + " --resume first (for example with --crash-after-percent 50)");
            }
            if (!previous.destination.equals(options.destination())) {
                throw new DemoOptions.Invalid("the run in " + dirs.root + " uploaded to " + previous.destination
                        + ", not to " + options.destination() + "; resume it with the same --target options");
            }
        } else {
            dirs.wipeForFreshRun();
            out.printf(Locale.ROOT, "Generating %d recording(s) of %d MiB in %s ...%n", options.recordings, options.sizeMb,
                    dirs.recordings());
            files = SyntheticRecordings.generate(dirs.recordings(), options.recordings, options.sizeMb, System.nanoTime());
            new RunState(options.destination(), false, 0).write(dirs.state());
        }
        EmbeddedS3 server = null;
        ModuleLog log = null;
        UploadTarget checker = null;
        try {
            TargetConfig target;
            if (options.embeddedS3()) {
                server = EmbeddedS3.start(dirs.s3(), options.bucket, options.resume);
                out.println("Started an embedded S3 server (S3Proxy) at " + server.endpoint + ", data in " + dirs.s3()
                        + ", bucket " + options.bucket);
                target = TargetConfig.s3(options, server.endpoint);
            } else if (DemoOptions.S3.equals(options.target)) {
                target = TargetConfig.s3(options, null);
            } else {
                Files.createDirectories(dirs.bucket());
                target = TargetConfig.filesystem(dirs);
            }
            checker = UploadTargets.create(UploadTargets.provider(target.providerId, DemoRun.class.getClassLoader()),
                    target.provider);
            out.println("Target: " + checker.fingerprint() + " (provider '" + target.providerId + "'"
                    + (DemoOptions.S3.equals(target.providerId) ? ", " + options.partSizeMb + " MiB parts" : "") + ")");
            UploadBoard board = new UploadBoard();
            List<RecordingRow> rows = rows(files, board);
            List<RecordingRow> toReport = rows;
            if (options.resume) {
                toReport = describeRecovery(previous, rows, target, checker);
            }
            log = new ModuleLog(dirs.moduleLog());
            WMSLoggerFactory.setLogger(log);
            int code = upload(target, board, rows, toReport, log);
            return verifyAndReport(code, board, rows, checker);
        } finally {
            if (checker != null) {
                checker.close();
            }
            if (server != null) {
                server.close();
            }
            if (log != null) {
                log.close();
            }
        }
    }

    private List<RecordingRow> rows(List<Path> files, UploadBoard board) throws IOException {
        KeyMaker keys = new KeyMaker(TargetConfig.KEY_PREFIX, null, Collections.singletonList(dirs.recordings()), true,
                APPLICATION, INSTANCE);
        List<RecordingRow> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            RecordingRow row = new RecordingRow(f, Files.size(f),
                    keys.key(f, SyntheticRecordings.stream(i + 1), Files.getLastModifiedTime(f).toMillis()));
            rows.add(row);
            board.add(row);
        }
        return rows;
    }

    /** Before the module starts again: what the storage already holds, measured by the demo itself. */
    private List<RecordingRow> describeRecovery(RunState previous, List<RecordingRow> rows, TargetConfig target,
                                                UploadTarget checker) throws UploadException {
        List<RecordingRow> unreported = new ArrayList<>();
        int unfinished = 0;
        boolean unknown = false;
        try (StoredBytes stored = new StoredBytes(target)) {
            for (RecordingRow row : rows) {
                Path markerFile = MarkerFiles.markerOf(row.file);
                if (!Files.exists(markerFile)) {
                    RemoteObject there = checker.stat(row.key).orElse(null);
                    if (there != null && holds(there, row)) {
                        row.state = RecordingRow.State.EARLIER_RUN;
                        row.storedBefore = row.size;
                    } else {
                        // Killed before Wowza reported it to the module: this run reports it.
                        unreported.add(row);
                    }
                    continue;
                }
                unfinished++;
                Marker marker;
                try {
                    marker = MarkerFiles.read(markerFile);
                } catch (IOException e) {
                    continue;
                }
                if (marker.key() != null) {
                    row.key = marker.key();
                    RemoteObject there = checker.stat(row.key).orElse(null);
                    if (there != null && marker.md5() != null && there.matches(row.size, marker.md5())) {
                        row.storedBefore = row.size;
                        continue;
                    }
                }
                if (marker.resumeToken() != null) {
                    long n = stored.of(marker.resumeToken(), row.size);
                    unknown |= n < 0;
                    row.storedBefore = Math.max(0, n);
                }
            }
        }
        long total = 0;
        long held = 0;
        for (RecordingRow r : rows) {
            total += r.size;
            held += r.storedBefore;
        }
        out.println("Resuming: " + (unfinished + unreported.size()) + " of " + rows.size() + " recording(s) unfinished"
                + (unreported.isEmpty() ? "" : " (" + unreported.size() + " never reported to the module)")
                + (previous.interrupted ? "; the interrupted run was killed after it had sent "
                        + Units.bytes(previous.sentBeforeCrash) + " bytes." : "."));
        out.println("  the storage holds " + Units.bytes(held) + " of " + Units.bytes(total) + " bytes"
                + (unknown ? " (at least: this provider's partial uploads cannot be measured)" : "")
                + "; still missing: " + Units.bytes(total - held) + " bytes");
        return unreported;
    }

    /** True when the stored object's checksum, recomputed from the local recording, is the stored one. */
    private static boolean holds(RemoteObject there, RecordingRow row) {
        try {
            return Checksums.holdsFile(there, row.file);
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs the module until every recording is uploaded; {@code toReport} are the ones Wowza now reports finished. */
    private int upload(TargetConfig target, UploadBoard board, List<RecordingRow> rows, List<RecordingRow> toReport,
                       ModuleLog log) throws Exception {
        SimulatedAppInstance wowza = new SimulatedAppInstance(APPLICATION, INSTANCE, dirs.recordings());
        wowza.getProperties().putAll(target.moduleProperties());
        DemoWebhook hook = options.webhook ? DemoWebhook.start() : null;
        if (hook != null) {
            wowza.getProperties().setProperty("s3UploadWebhookUrl", hook.url());
            wowza.getProperties().setProperty("s3UploadWebhookSecret", hook.secret());
            out.println("Webhook receiver listening at " + hook.url() + " (s3UploadWebhookUrl; signed with a secret made for this run)");
        }
        ModuleS3Upload module = new ModuleS3Upload();
        ProgressDisplay display = new ProgressDisplay(out, ansi);
        out.println("Wowza application " + wowza.getContextStr() + " started with ModuleS3Upload (module log: "
                + log.file() + ")");
        log.countBytesWith(() -> {
            EngineStatus s = module.status();
            return s == null ? 0 : s.bytesSent();
        });
        module.onAppStart(wowza);
        JmxView jmx = options.jmx ? new JmxView("_defaultVHost_", APPLICATION, INSTANCE) : null;
        if (jmx != null) {
            jmx.announce().forEach(out::println);
        }
        // Ctrl-C stops the application as Wowza's shutdown would: uploads pause and keep their tokens,
        // so --resume continues them. (--crash-after-percent halts the JVM and skips this on purpose.)
        Thread stopOnExit = new Thread(() -> module.onAppStop(wowza), "demo-app-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        if (options.crashAfterPercent > 0) {
            new CrashSwitch(module, board.totalBytes(), options.crashAfterPercent, dirs.state(), options.destination(), out)
                    .start();
        }
        String failure = null;
        try {
            if (options.resume) {
                out.println("The module finds the unfinished recordings by their markers and resumes them.");
            }
            for (RecordingRow r : toReport) {
                wowza.finishRecording(r.file, SyntheticRecordings.streamOf(r.file));
            }
            if (!toReport.isEmpty()) {
                out.println("Wowza reported " + toReport.size() + " finished recording(s) to the module (onWriteComplete).");
            }
            failure = watch(module, board, rows, log, display, jmx);
        } finally {
            display.finish(board);
            if (jmx != null) {
                jmx.dump("after the uploads").forEach(out::println);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is stopping the application already
            }
            if (hook != null) {
                hook.await(rows.size());
            }
            module.onAppStop(wowza);
            wowza.shutdown();
            if (hook != null) {
                hook.close();
                for (String line : hook.report()) {
                    out.println(line);
                }
            }
            for (String n : board.apply(log.drain(), GIVE_UP_AFTER_ATTEMPTS)) {
                if (!ansi) {
                    out.println(n);
                }
            }
        }
        if (failure != null) {
            err.println("Upload failed: " + failure + " (details in " + log.file() + ")");
            return 1;
        }
        return 0;
    }

    /** Shows progress until every recording is uploaded (null) or the run cannot succeed (the reason). */
    private String watch(ModuleS3Upload module, UploadBoard board, List<RecordingRow> rows, ModuleLog log,
                         ProgressDisplay display, JmxView jmx) throws InterruptedException {
        long lastChange = System.nanoTime();
        long lastSent = -1;
        boolean jmxShown = jmx == null;
        while (true) {
            EngineStatus status = module.status();
            if (!jmxShown && status != null && status.inFlight() > 0 && status.bytesSent() > 0) {
                jmxShown = true;
                jmx.dump("while uploading").forEach(display::note);
            }
            List<ModuleEvent> events = log.drain();
            for (String note : board.apply(events, GIVE_UP_AFTER_ATTEMPTS)) {
                display.note(note);
            }
            board.bytesSent(status == null ? 0 : status.bytesSent());
            display.render(board, false);
            if (board.fatal() != null) {
                return board.fatal();
            }
            if (status != null && status.idle() && allJournalsGone(rows)) {
                for (String note : board.apply(log.drain(), GIVE_UP_AFTER_ATTEMPTS)) {
                    display.note(note);
                }
                return status.failed() > 0 ? status.failed() + " recording(s) failed" : null;
            }
            long sent = board.sentThisRun();
            if (sent != lastSent || !events.isEmpty()) {
                lastSent = sent;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > STALL_NANOS) {
                return "no progress for " + STALL_NANOS / 1_000_000_000L + " s (module status: " + status + ")";
            }
            Thread.sleep(50);
        }
    }

    /** The module deletes a recording's marker only once the object is verified. */
    private static boolean allJournalsGone(List<RecordingRow> rows) {
        for (RecordingRow r : rows) {
            if (Files.exists(MarkerFiles.markerOf(r.file))) {
                return false;
            }
        }
        return true;
    }

    private int verifyAndReport(int uploadCode, UploadBoard board, List<RecordingRow> rows, UploadTarget checker)
            throws IOException {
        long now = System.nanoTime();
        int verified = 0;
        for (RecordingRow r : rows) {
            if (uploadCode != 0 && !r.finished()) {
                // Not uploaded: asking the storage again would only repeat the failure, slowly.
                r.verified = Boolean.FALSE;
                r.verifyNote = "not uploaded" + (r.problem != null ? ": " + r.problem : "");
                continue;
            }
            Verification.check(checker, r);
            verified += Boolean.TRUE.equals(r.verified) ? 1 : 0;
        }
        out.println();
        out.println("Summary (each object checked by the demo: size and MD5 reported by the storage against the local file):");
        SummaryTable.print(out, rows, now);
        out.println();
        long total = board.totalBytes();
        if (options.resume) {
            long missing = total - board.storedBefore();
            long sent = board.sentThisRun();
            out.println("Recovery: " + Units.bytes(missing) + " bytes were still missing at restart; this run sent "
                    + Units.bytes(sent) + " bytes (all recordings: " + Units.bytes(total) + " bytes).");
            out.println("  Bytes re-sent although the storage already held them: " + Units.bytes(Math.max(0, sent - missing))
                    + (sent > missing ? " (sent more than once: a retried attempt, or stored parts the provider could not trust)"
                            : " (no completed part or chunk was sent again)") + ".");
        }
        if (uploadCode == 0 && verified == rows.size()) {
            new RunState(options.destination(), false, 0).write(dirs.state());
            out.printf(Locale.ROOT, "All %d recording(s) uploaded and verified: %s sent in %.1f s (%s MiB/s).%n", rows.size(),
                    Units.mib(board.sentThisRun()), board.elapsedSeconds(),
                    Units.rate(board.sentThisRun(), board.elapsedSeconds()));
            return 0;
        }
        if (uploadCode == 0) {
            err.println("Verification failed: " + (rows.size() - verified) + " of " + rows.size()
                    + " object(s) do not match their recording (see the summary)");
        }
        return 1;
    }
}
