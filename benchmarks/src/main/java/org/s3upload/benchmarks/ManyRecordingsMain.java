package org.s3upload.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.s3upload.internal.Json;
import org.s3upload.api.Upload;
import org.s3upload.api.UploadListener;
import org.s3upload.api.UploadRequest;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;

/**
 * The top-of-the-hour cut: every recording in DIR finishes within SPREAD_MS and is handed to ours at
 * that moment. Measures wall time until the last one is verified, peak live threads and peak heap.
 *
 * <pre>ManyRecordingsMain DIR SPREAD_MS URL ACCESS SECRET BUCKET [k=v ...]</pre>
 */
public final class ManyRecordingsMain {
    private ManyRecordingsMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long spreadMillis = Long.parseLong(args[1]);
        S3Endpoint endpoint = S3Endpoint.fromArgs(args, 2);
        Map<String, String> extra = OursConfig.extras(args, 6);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".mp4")).sorted().toList();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        AtomicLong peakHeapUsed = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = heapPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
                peakHeapUsed.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        int threadsBefore = threads.getThreadCount();
        long bytes = 0;
        Map<String, Object> out = new LinkedHashMap<>();
        try (UploadTarget target = UploadTargets.create("s3", OursConfig.providerConfig(endpoint, extra))) {
            int threadsAfterCreate = threads.getThreadCount();
            threads.resetPeakThreadCount();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            sampler.start();
            boolean viaEngine = EngineHarness.available();
            out.put("path", viaEngine ? "the Wowza module's engine (onRecordingFinished per recording) over provider-s3"
                    : "provider-s3 through the SPI (start() per recording)");
            EngineHarness.QuietLog log = new EngineHarness.QuietLog();
            if (viaEngine) {
                EngineHarness.forgetMarkers(dir);
            }
            var engine = viaEngine ? EngineHarness.start(dir, "many/", target, log) : null;
            List<Upload> uploads = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < files.size(); i++) {
                // Spread the hand-offs evenly over the window, as recordings closing at hh:00:00.x would.
                long due = t0 + spreadMillis * 1_000_000L * i / Math.max(1, files.size());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Path f = files.get(i);
                bytes += Files.size(f);
                if (engine != null) {
                    engine.onRecordingFinished(f, "stream" + i);
                } else {
                    uploads.add(target.start(UploadRequest.builder(f, "many/" + f.getFileName()).build(), UploadListener.NONE));
                }
            }
            long handedOff = System.nanoTime();
            if (engine != null) {
                EngineHarness.awaitCompleted(engine, files.size(), 3_600_000);
            }
            for (Upload u : uploads) {
                u.await();
            }
            long t1 = System.nanoTime();
            if (engine != null) {
                out.put("engineWarnings", log.warnings());
                engine.close();
            }
            sampler.interrupt();
            long poolPeakSum = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            out.put("files", files.size());
            out.put("bytes", bytes);
            out.put("handOffSeconds", (handedOff - t0) / 1e9);
            out.put("wallSeconds", (t1 - t0) / 1e9);
            out.put("threadsBeforeTarget", threadsBefore);
            out.put("threadsIdleTarget", threadsAfterCreate);
            out.put("peakThreads", threads.getPeakThreadCount());
            out.put("peakHeapUsedBytesSampled", peakHeapUsed.get());
            out.put("heapPoolPeakSumBytes", poolPeakSum);
            out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        }
        System.out.println(UploadMain.RESULT_PREFIX + Json.write(out));
    }
}
