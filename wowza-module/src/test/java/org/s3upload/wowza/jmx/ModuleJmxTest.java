package org.s3upload.wowza.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.s3upload.api.UploadException;
import org.s3upload.wowza.ModuleS3Upload;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.host.HeldMemoryProvider;
import org.s3upload.wowza.stub.SimulatedAppInstance;

/** The module's MXBean through the platform MBean server, as a local jconsole sees it. */
class ModuleJmxTest extends ModuleHostTestBase {
    private final MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();

    @Test
    void oneBeanPerApplicationInstanceFromStartToStop() throws Exception {
        start();
        assertThat(server.isRegistered(name())).isTrue();
        assertThat(name().toString()).isEqualTo("org.s3upload:type=ModuleS3Upload,vhost=_defaultVHost_,application=live,instance=_definst_");
        ModuleS3UploadMXBean bean = bean(platform());
        awaitRunning(bean);
        assertThat(bean.getTargetFingerprint()).isEqualTo(target.fingerprint());
        assertThat(logger.at("INFO")).anyMatch(l -> l.contains("JMX: uploads are shown and steered as " + name()));
        module.onAppStop(app);
        module = null;
        assertThat(server.isRegistered(name())).isFalse();
    }

    @Test
    void theTableShowsARecordingGoFromPendingToCompleted() throws Exception {
        ModuleS3UploadMXBean bean = startAndHold();
        Path a = uploadingHeld(bean, "shows/a.mp4", 5000);
        RecordingRow row = row(bean.getRecordings(), "shows/a.mp4");
        assertThat(row.getState()).isEqualTo("UPLOADING");
        assertThat(row.getKey()).isEqualTo("shows/a.mp4");
        assertThat(row.getSize()).isEqualTo(5000);
        assertThat(row.getAttempts()).isZero();
        assertThat(bean.getRecordingsCompleted()).isZero();
        target.releaseUploads();
        Await.until("a.mp4 completed", () -> bean.getRecordingsCompleted() == 1, logger::toString);
        assertThat(bean.getRecordings()).isEmpty();
        assertThat(bean.getRecordingsPending() + bean.getRecordingsUploading() + bean.getRecordingsFailed()).isZero();
        assertThat(bean.getBytesSent()).isEqualTo(5000);
        assertThat(bean.getLastError()).isEmpty();
        assertThat(store.objects().get("shows/a.mp4")).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void aRecordingFinishedWhilePausedIsJournalledAndUploadedOnlyAfterTheResume() throws Exception {
        start();
        ModuleS3UploadMXBean bean = bean(platform());
        awaitRunning(bean);
        bean.pauseUploads();
        assertThat(bean.getState()).isEqualTo("PAUSED");
        Path b = record("b.mp4", 3000);
        app.finishRecording(b, "b");
        assertThat(b.resolveSibling("b.mp4.upload")).as("journalled while paused").exists();
        // Queued means handed to the workers: while paused the engine holds it instead of starting it.
        Await.until("b.mp4 queued", () -> row(bean.getRecordings(), "b.mp4") != null
                && row(bean.getRecordings(), "b.mp4").getState().equals("QUEUED"), logger::toString);
        assertThat(bean.getRecordingsPending()).isEqualTo(1);
        assertThat(target.started()).isEmpty();
        assertThat(store.objects()).isEmpty();

        bean.resumeUploads();
        assertThat(bean.getState()).isEqualTo("RUNNING");
        Await.until("b.mp4 uploaded", () -> bean.getRecordingsCompleted() == 1, logger::toString);
        assertThat(store.objects().get("b.mp4")).isEqualTo(Files.readAllBytes(b));
        Await.until("marker gone", () -> !Files.exists(b.resolveSibling("b.mp4.upload")), logger::toString);
    }

    @Test
    void pausingPausesARunningUploadThroughItsProviderAndTheResumeContinuesFromItsToken() throws Exception {
        ModuleS3UploadMXBean bean = startAndHold();
        Path c = uploadingHeld(bean, "c.mp4", 10_000);
        bean.pauseUploads();
        Await.until("c.mp4 paused and queued", () -> bean.getRecordingsUploading() == 0
                && "QUEUED".equals(row(bean.getRecordings(), "c.mp4").getState()), logger::toString);
        assertThat(new String(Files.readAllBytes(c.resolveSibling("c.mp4.upload")), "UTF-8"))
                .as("the paused upload's token is journalled").contains("resumeToken");
        target.releaseUploads();
        bean.resumeUploads();
        Await.until("c.mp4 uploaded", () -> bean.getRecordingsCompleted() == 1, logger::toString);
        assertThat(target.resumed()).as("resumed from its token").singleElement().asString().contains("\"key\":\"c.mp4\"");
        assertThat(store.objects().get("c.mp4")).isEqualTo(Files.readAllBytes(c));
        assertThat(bean.getRecordingsFailed()).isZero();
    }

    @Test
    void theBandwidthCapSetThroughJmxHoldsUploadsUntilItIsLifted() throws Exception {
        start();
        ModuleS3UploadMXBean bean = bean(platform());
        awaitRunning(bean);
        assertThat(bean.getMaxBytesPerSecond()).as("s3UploadMaxBytesPerSecond unset: no cap").isZero();
        assertThatThrownBy(() -> bean.setMaxBytesPerSecond(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 for no cap");
        bean.setMaxBytesPerSecond(1); // one byte a second: the 4000-byte recording cannot get through
        assertThat(bean.getMaxBytesPerSecond()).isEqualTo(1);
        Path d = record("d.mp4", 4000);
        app.finishRecording(d, "d");
        Await.until("d.mp4 uploading", () -> row(bean.getRecordings(), "d.mp4") != null
                && row(bean.getRecordings(), "d.mp4").getState().equals("UPLOADING"), logger::toString);
        assertThat(bean.getRecordingsCompleted()).as("held by the cap").isZero();
        bean.setMaxBytesPerSecond(0);
        Await.until("d.mp4 uploaded once the cap is lifted", () -> bean.getRecordingsCompleted() == 1, logger::toString);
        assertThat(logger.at("INFO")).anyMatch(l -> l.contains("bandwidth cap changed"));
    }

    @Test
    void aPauseAndACapAskedForWhileTheTargetIsCreatedHoldForTheEngineThatTakesOverUntilTheNextStart() throws Exception {
        HeldMemoryProvider.holdCreation();
        start();
        ModuleS3UploadMXBean bean = bean(platform());
        assertThat(bean.getState()).as("the target is still being created").isEqualTo("STARTING");
        bean.pauseUploads();
        bean.setMaxBytesPerSecond(1000);
        Path h = record("h.mp4", 3000);
        app.finishRecording(h, "h");
        HeldMemoryProvider.releaseCreation();
        Await.until("the engine that uploads took over, paused", () -> bean.getState().equals("PAUSED"), logger::toString);
        assertThat(bean.getMaxBytesPerSecond()).isEqualTo(1000);
        Await.until("h.mp4 handed over and held", () -> row(bean.getRecordings(), "h.mp4") != null
                && row(bean.getRecordings(), "h.mp4").getState().equals("QUEUED"), logger::toString);
        assertThat(target.started()).isEmpty();

        // The next start resumes uploading, and s3UploadMaxBytesPerSecond (unset: no cap) applies again.
        module.onAppStop(app);
        target = HeldMemoryProvider.next(store);
        module.onAppStart(app);
        Await.until("h.mp4 uploaded after the restart", () -> bean.getRecordingsCompleted() == 1, logger::toString);
        assertThat(bean.getState()).isEqualTo("RUNNING");
        assertThat(bean.getMaxBytesPerSecond()).isZero();
        assertThat(store.objects().get("h.mp4")).isEqualTo(Files.readAllBytes(h));
    }

    @Test
    void failedRecordingsAreRetriedOneByNameOrAll() throws Exception {
        target.failWhen(r -> UploadException.permanent("the storage refused " + r.key(), null));
        start();
        ModuleS3UploadMXBean bean = bean(platform());
        awaitRunning(bean);
        Path d = record("d.mp4", 100);
        Path e = record("cams/e.mp4", 200);
        app.finishRecording(d, "d");
        app.finishRecording(e, "e");
        Await.until("both failed", () -> bean.getRecordingsFailed() == 2, logger::toString);
        RecordingRow failed = row(bean.getRecordings(), "d.mp4");
        assertThat(failed.getState()).isEqualTo("FAILED");
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(failed.getLastError()).isEqualTo("the storage refused d.mp4");
        assertThat(bean.getLastError()).contains("the storage refused");

        assertThatThrownBy(() -> bean.retry("nosuch.mp4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nosuch.mp4'").hasMessageContaining("recordings table");
        target.failWhen(null);
        assertThat(bean.retry("d.mp4")).isEqualTo("retrying d.mp4");
        Await.until("d.mp4 uploaded", () -> store.objects().containsKey("d.mp4"), logger::toString);
        assertThat(row(bean.getRecordings(), "cams/e.mp4").getState()).isEqualTo("FAILED");
        assertThat(bean.retry(e.toString())).as("by path").isEqualTo("retrying cams/e.mp4");
        Await.until("e.mp4 uploaded", () -> bean.getRecordingsCompleted() == 2, logger::toString);
        assertThat(bean.retryFailed()).isEqualTo("0 failed recording(s) queued again");
    }

    @Test
    void noConfiguredSecretAppearsInAnyAttributeOrMessage() throws Exception {
        String secretKey = "SECRETKEY-d8a1f0";
        String token = "TOKEN-5b2c77";
        app.getProperties().setProperty("s3UploadSecretKey", secretKey);
        app.getProperties().setProperty("s3Upload.held-memory.token", token);
        target.failWhen(r -> UploadException.permanent("403 for " + r.key() + " with credential " + token, null));
        start();
        ModuleS3UploadMXBean bean = bean(platform());
        awaitRunning(bean);
        Path f = record("cam-" + secretKey + ".mp4", 100);
        app.finishRecording(f, "f");
        Await.until("failed", () -> bean.getRecordingsFailed() == 1, logger::toString);

        String everything = allAttributes(server, name());
        assertThat(everything).contains("cam-****.mp4").contains("with credential ****")
                .doesNotContain(secretKey).doesNotContain(token);
        assertThatThrownBy(() -> bean.retry("x-" + secretKey)).hasMessageNotContaining(secretKey).hasMessageContaining("x-****");
        assertThat(bean.retry("cam-" + secretKey + ".mp4")).doesNotContain(secretKey);
    }

    @Test
    void aModuleWithoutAUsableTargetShowsThatItOnlyJournalsAndWhy() throws Exception {
        app.getProperties().setProperty("s3UploadTarget", "nosuch");
        start();
        ModuleS3UploadMXBean bean = bean(platform());
        Await.until("journal-only", () -> bean.getState().equals("JOURNAL_ONLY"), logger::toString);
        assertThat(bean.getLastError()).contains("nosuch");
        assertThat(bean.getTargetFingerprint()).isEmpty();
        Path g = record("g.mp4", 10);
        app.finishRecording(g, "g");
        assertThat(g.resolveSibling("g.mp4.upload")).exists();
    }

    @Test
    void namesWithCharactersJmxReservesAreQuoted() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        SimulatedAppInstance odd = new SimulatedAppInstance("vh,1", "a=b:c\"d*e?", "in\nst", other);
        odd.getProperties().setProperty("s3UploadTarget", "held-memory");
        ModuleS3Upload m = new ModuleS3Upload();
        m.onAppStart(odd);
        try {
            ObjectName n = JmxRegistration.nameOf("vh,1", "a=b:c\"d*e?", "in\nst");
            assertThat(n.isPattern()).isFalse();
            assertThat(server.isRegistered(n)).isTrue();
            assertThat(ObjectName.unquote(n.getKeyProperty("application"))).isEqualTo("a=b:c\"d*e?");
            assertThat(ObjectName.unquote(n.getKeyProperty("vhost"))).isEqualTo("vh,1");
            assertThat(ObjectName.unquote(n.getKeyProperty("instance"))).isEqualTo("in\nst");
            assertThat(n.getKeyProperty("type")).isEqualTo("ModuleS3Upload");
        } finally {
            m.onAppStop(odd);
            odd.shutdown();
        }
        assertThat(server.queryNames(new ObjectName("org.s3upload:type=ModuleS3Upload,*"), null)).isEmpty();
    }

    @Test
    void aSecondModuleUnderTheSameNameWarnsAndLeavesTheFirstsBeanAlone() throws Exception {
        start();
        ModuleS3Upload second = new ModuleS3Upload();
        second.onAppStart(app); // must not throw
        assertThat(logger.at("WARN")).anyMatch(l -> l.contains("JMX: " + name() + " is registered already"));
        second.onAppStop(app);
        assertThat(server.isRegistered(name())).as("the first module's bean stays").isTrue();
        awaitRunning(bean(platform()));
        module.onAppStop(app);
        module = null;
        assertThat(server.isRegistered(name())).isFalse();
    }

    /** Starts the module and holds the uploads it starts from now on at the target. */
    private ModuleS3UploadMXBean startAndHold() {
        start();
        ModuleS3UploadMXBean bean = bean(platform());
        awaitRunning(bean);
        target.holdUploads();
        return bean;
    }

    /** A recording reported finished whose (held) upload runs. */
    private Path uploadingHeld(ModuleS3UploadMXBean bean, String name, int size) throws Exception {
        Path p = record(name, size);
        app.finishRecording(p, name);
        Await.until(name + " uploading", () -> bean.getRecordingsUploading() == 1, logger::toString);
        return p;
    }

    /** Every attribute's value as text, the table's rows included. */
    static String allAttributes(javax.management.MBeanServerConnection server, ObjectName name) throws Exception {
        List<String> values = new ArrayList<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            Object v = server.getAttribute(name, a.getName());
            if (v instanceof CompositeData[]) {
                for (CompositeData cd : (CompositeData[]) v) {
                    values.add(a.getName() + "=" + cd.values());
                }
            } else {
                values.add(a.getName() + "=" + v);
            }
        }
        return String.join("\n", values);
    }
}
