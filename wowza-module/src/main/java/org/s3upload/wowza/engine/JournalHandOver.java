package org.s3upload.wowza.engine;

import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The recordings an engine could only journal (while the real one was being started), kept for
 * {@link UploadEngine#handOverTo}: the next engine already owns them through their markers, and a
 * recording reported twice is still uploaded once.
 */
final class JournalHandOver {
    private final Queue<Journalled> journalled = new ConcurrentLinkedQueue<>();
    private volatile UploadEngine successor;

    /** Passes every recording taken so far, and every one taken from now on, to {@code next}. */
    void handOverTo(UploadEngine next) {
        successor = next;
        drainTo(next);
    }

    /** {@code recording} was journalled only: delivered to the next engine, now or at the hand-over. */
    void journalled(Path recording, String stream) {
        journalled.add(new Journalled(recording, stream));
        UploadEngine next = successor;
        if (next != null) {
            drainTo(next);
        }
    }

    /**
     * Both the hand-over and a late journal entry drain the queue after publishing their own
     * write, so whichever runs second delivers the entry: none is left behind.
     */
    private void drainTo(UploadEngine next) {
        Journalled taken;
        while ((taken = journalled.poll()) != null) {
            next.onRecordingFinished(taken.recording, taken.stream);
        }
    }

    /** A recording reported to an engine that could only journal it, kept for the hand-over. */
    private static final class Journalled {
        final Path recording;
        final String stream;

        Journalled(Path recording, String stream) {
            this.recording = recording;
            this.stream = stream;
        }
    }
}
