package org.s3upload.wowza.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.s3upload.api.testing.FaultyInMemoryUploadTarget;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.host.HeldMemoryProvider;

/**
 * Wowza stops an application while its target is still being created and starts it again: an idle
 * application is unloaded, and the next stream loads it. The stop waits a bounded time (15 s) for the
 * start-up thread; a provider blocked in the network outlives that.
 */
class ModuleRestartTest extends ModuleHostTestBase {
    @Test
    void aStartUpThreadThatOutlivesItsStopGivesWayToTheNextStart() throws Exception {
        HeldMemoryProvider.holdCreationUninterruptibly();
        start();
        module.onAppStop(app); // gives the start-up thread 15 s, which it does not use
        module.onAppStart(app);
        Path r = record("r.mp4", 3000);
        app.finishRecording(r, "r");
        HeldMemoryProvider.releaseCreation(); // both start-up threads get a target now

        Await.until("r.mp4 uploaded", () -> store.objects().containsKey("r.mp4"), logger::toString);
        Await.until("both start-up threads ended", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("s3upload-") && t.getName().endsWith("-start")), logger::toString);
        assertThat(store.objects().get("r.mp4")).isEqualTo(Files.readAllBytes(r));
        assertThat(logger.lines().stream().filter(l -> l.contains("started: provider")).collect(Collectors.toList()))
                .as("only the current start reports a start; the stopped one's thread gives up").hasSize(1);
        assertThat(HeldMemoryProvider.made()).hasSize(2);
        assertThat(HeldMemoryProvider.made().stream().filter(FaultyInMemoryUploadTarget::isClosed).count())
                .as("the stopped start's target is closed, the current one's is in use").isEqualTo(1);
    }
}
