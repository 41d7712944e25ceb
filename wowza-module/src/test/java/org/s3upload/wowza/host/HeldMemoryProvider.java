package org.s3upload.wowza.host;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.testing.FaultyInMemoryUploadTarget;
import org.s3upload.api.testing.InMemoryStore;
import org.s3upload.spi.ConfigKey;
import org.s3upload.spi.UploadTargetProvider;

/**
 * A test provider ("held-memory") that hands the module the api test-jar's fault-injecting
 * in-memory target a test set up, so that a test can hold, fail or watch the module's uploads.
 * Declares {@code token} secret.
 */
public final class HeldMemoryProvider implements UploadTargetProvider {
    /** Part size of a target made here: small, so that test recordings go up in parts and can be resumed. */
    public static final long PART_SIZE = 1024;
    private static volatile FaultyInMemoryUploadTarget next;
    private static volatile CountDownLatch creationGate;
    /** While set, a held creation ignores interrupts, and each creation gets a target of its own on next's store. */
    private static volatile boolean deaf;
    private static final List<FaultyInMemoryUploadTarget> MADE = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The target the next module start uploads to (a new one on {@code store}). */
    public static FaultyInMemoryUploadTarget next(InMemoryStore store) {
        FaultyInMemoryUploadTarget t = new FaultyInMemoryUploadTarget(store, PART_SIZE);
        next = t;
        return t;
    }

    /** Holds every creation from now on until {@link #releaseCreation()}; an interrupt (a stop) ends the wait. */
    public static void holdCreation() {
        creationGate = new CountDownLatch(1);
    }

    /**
     * Holds every creation until {@link #releaseCreation()}, deaf to interrupts: a provider blocked in
     * the network, which a stop cannot cut short. Each creation then makes a target of its own.
     */
    public static void holdCreationUninterruptibly() {
        MADE.clear();
        deaf = true;
        creationGate = new CountDownLatch(1);
    }

    /** Ends {@link #holdCreationUninterruptibly()}'s mode (after a test). */
    public static void hearInterrupts() {
        deaf = false;
    }

    /** The targets made since {@link #holdCreationUninterruptibly()}. */
    public static List<FaultyInMemoryUploadTarget> made() {
        return MADE;
    }

    public static void releaseCreation() {
        CountDownLatch gate = creationGate;
        creationGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    @Override
    public String id() {
        return "held-memory";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String description() {
        return "test: the in-memory target a test prepared";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return Arrays.asList(ConfigKey.optional("token", null, "a credential").asSecret());
    }

    @Override
    public UploadTarget create(Map<String, String> config) {
        boolean ownTarget = deaf;
        CountDownLatch gate = creationGate;
        if (gate != null) {
            awaitRelease(gate, ownTarget);
        }
        if (ownTarget) {
            FaultyInMemoryUploadTarget own = new FaultyInMemoryUploadTarget(next.store(), PART_SIZE);
            MADE.add(own);
            return own;
        }
        FaultyInMemoryUploadTarget t = next;
        if (t == null) {
            throw new IllegalStateException("no target prepared: call HeldMemoryProvider.next(store) before the start");
        }
        return t;
    }

    /** Waits until the test releases the creation; an interrupt ends the wait unless {@code deafToInterrupts}. */
    private static void awaitRelease(CountDownLatch gate, boolean deafToInterrupts) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("creation held for 60 s: the test did not release it");
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (!deafToInterrupts) {
                        throw new IllegalStateException("interrupted while the creation was held", e);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
