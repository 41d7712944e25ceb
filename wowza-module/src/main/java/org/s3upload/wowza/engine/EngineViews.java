package org.s3upload.wowza.engine;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Monitoring views built from one {@link JobLedger.Snapshot}: the counts and the per-recording rows. */
final class EngineViews {
    private EngineViews() {
    }

    /** The counts of the snapshot's states; the oldest pending report is read from the jobs' markers. */
    static EngineStatus status(JobLedger.Snapshot at, EngineContext context, boolean targetReady, int foreign) {
        int waiting = 0;
        int queued = 0;
        int running = 0;
        int failed = 0;
        int reopened = 0;
        long oldest = 0;
        for (Map.Entry<RecordingJob, JobState> e : at.states.entrySet()) {
            JobState s = e.getValue();
            switch (s) {
                case WAITING: waiting++; break;
                case QUEUED: queued++; break;
                case RUNNING: running++; break;
                case FAILED: failed++; break;
                case AWAITING_REPORT: reopened++; break;
                default: continue;
            }
            if (s.pending()) {
                Marker m = e.getKey().marker();
                if (m != null && (oldest == 0 || m.finishedAt() < oldest)) {
                    oldest = m.finishedAt();
                }
            }
        }
        return new EngineStatus(waiting, queued, running, failed, at.uploaded, context.bytesSent(), oldest,
                targetReady, reopened, foreign);
    }

    /** One row per recording, in the snapshot's state; details (key, attempts, error) as the job holds them now. */
    static List<RecordingView> recordings(JobLedger.Snapshot at, List<Path> roots) {
        List<RecordingView> rows = new ArrayList<>(at.states.size());
        for (Map.Entry<RecordingJob, JobState> e : at.states.entrySet()) {
            RecordingJob job = e.getKey();
            Marker m = job.marker();
            rows.add(new RecordingView(name(job.recording(), roots), job.recording().toString(), stateName(e.getValue()),
                    m.key(), m.size(), job.bytesSent(), m.attempts(), job.nextAttemptAt(), m.finishedAt(), m.lastError()));
        }
        return rows;
    }

    /** The job whose recording has this name (as the rows show it) or this path; null if none. */
    static RecordingJob find(List<RecordingJob> jobs, String nameOrPath, List<Path> roots) {
        if (nameOrPath == null || nameOrPath.trim().isEmpty()) {
            return null;
        }
        String wanted = nameOrPath.trim();
        Path asPath = null;
        try {
            Path p = Paths.get(wanted);
            asPath = p.isAbsolute() ? p.normalize() : null;
        } catch (RuntimeException e) {
            // not a path on this system: a name only
        }
        for (RecordingJob j : jobs) {
            if (name(j.recording(), roots).equals(wanted) || j.recording().equals(asPath)) {
                return j;
            }
        }
        return null;
    }

    /** The path relative to the first storage folder that holds it, with '/'; otherwise the absolute path. */
    static String name(Path recording, List<Path> roots) {
        for (Path root : roots) {
            if (recording.startsWith(root) && !recording.equals(root)) {
                return root.relativize(recording).toString().replace('\\', '/');
            }
        }
        return recording.toString();
    }

    private static String stateName(JobState s) {
        switch (s) {
            case RUNNING: return "UPLOADING";
            case AWAITING_REPORT: return "REOPENED";
            default: return s.name();
        }
    }
}
