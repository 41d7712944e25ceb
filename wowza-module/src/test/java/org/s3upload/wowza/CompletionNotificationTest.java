package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.s3upload.api.Checksum;
import org.s3upload.spi.notify.CompletionEvent;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.engine.EngineStatus;
import org.s3upload.wowza.host.WebhookReceiver;

/**
 * The real module in a fake Wowza host (filesystem provider) posting completion events to a real
 * HTTP server on 127.0.0.1: body, id and signature; retries after 5xx with the same id and bytes;
 * a receiver that is down, then up, gets every event in order; a refused event goes to the dead
 * letters and the next one is delivered; a listener named in s3UploadListeners hears the same.
 */
class CompletionNotificationTest extends FilesystemModuleHost {
    private static final String SECRET = "hook-secret-7f3a9c";

    WebhookReceiver receiver;

    @BeforeEach
    void quickRetries() {
        set("s3UploadRetryInitialDelay", "50");
        set("s3UploadRetryMaxDelay", "400");
    }

    @AfterEach
    void stopReceiver() {
        stopHost(); // the module first, as Wowza stops it, then the receiver it posts to
        if (receiver != null) {
            receiver.close();
        }
        CollectingListener.EVENTS.clear();
    }

    private void startReady() {
        start();
        Await.until("the target is ready", () -> module.status() != null && module.status().targetReady(), logger::toString);
    }

    private Path finish(String name, int size) throws Exception {
        Path p = record(name, size);
        app.finishRecording(p, name.substring(0, name.indexOf('.')));
        return p;
    }

    private void awaitUploaded(long completed) {
        Await.until(completed + " uploaded", () -> {
            EngineStatus s = module.status();
            return s != null && s.idle() && s.completed() >= completed;
        }, logger::toString);
    }

    private void awaitAccepted(int n) {
        Await.until(n + " events accepted", () -> receiver.accepted().size() >= n,
                () -> receiver.deliveries() + "\n" + logger);
    }

    @Test
    void postsSignedJsonForEachUploadedRecording() throws Exception {
        receiver = WebhookReceiver.start();
        set("s3UploadWebhookUrl", receiver.url("/hooks/s3upload?token=query-secret-42"));
        set("s3UploadWebhookSecret", SECRET);
        startReady();
        Path a = finish("cam1.mp4", 70_000);
        byte[] bytes = Files.readAllBytes(a);
        awaitAccepted(1);

        WebhookReceiver.Delivery d = receiver.accepted().get(0);
        assertThat(d.method).isEqualTo("POST");
        assertThat(d.path).isEqualTo("/hooks/s3upload?token=query-secret-42");
        assertThat(d.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        // The signature, computed here independently over the exact bytes received.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(d.header("X-S3Upload-Signature")).isEqualTo("sha256=" + hex(mac.doFinal(d.body)));
        Map<String, Object> json = d.json();
        assertThat(d.header("X-S3Upload-Event-Id")).isEqualTo(json.get("id")).matches("[0-9a-f-]{36}");
        assertThat(d.header("X-S3Upload-Event-Type")).isEqualTo("uploaded");
        assertThat(json).containsEntry("version", 1L).containsEntry("type", "uploaded")
                .containsEntry("vhost", "_defaultVHost_").containsEntry("application", "live")
                .containsEntry("instance", "_definst_").containsEntry("stream", "cam1")
                .containsEntry("recording", a.toString()).containsEntry("key", "cam1.mp4")
                .containsEntry("size", 70_000L).containsEntry("checksumKind", "MD5")
                .containsEntry("checksum", hex(MessageDigest.getInstance("MD5").digest(bytes)))
                .containsEntry("location", bucket.resolve("cam1.mp4").toUri().toString())
                .doesNotContainKey("reason");
        assertThat(java.time.Instant.parse((String) json.get("time"))).isNotNull();
        assertThat(Files.readAllBytes(Path.of(java.net.URI.create((String) json.get("location"))))).isEqualTo(bytes);
        // The secret and the URL's query are in no log line and no body.
        assertThat(logger.toString()).doesNotContain(SECRET).doesNotContain("query-secret-42")
                .contains("s3UploadWebhookSecret=****").contains("webhook http://127.0.0.1:" + receiver.port() + "/hooks/s3upload");
        assertThat(new String(d.body, StandardCharsets.UTF_8)).doesNotContain(SECRET);
        // The marker was removed only after the event was journalled, and the delivered event is kept (recognised if proven again).
        assertThat(markers()).isEmpty();
        assertThat(journalFiles()).hasSize(1);
    }

    @Test
    void retriesAfterServerErrorsWithTheSameIdAndBytes() throws Exception {
        receiver = WebhookReceiver.start().answer(500, 503, 429);
        set("s3UploadWebhookUrl", receiver.url("/hook"));
        set("s3UploadWebhookSecret", SECRET);
        startReady();
        finish("retry.mp4", 1_000);
        awaitAccepted(1);
        List<WebhookReceiver.Delivery> all = receiver.deliveries();
        assertThat(all).extracting(x -> x.answered).containsExactly(500, 503, 429, 200);
        assertThat(all).extracting(x -> x.header("X-S3Upload-Event-Id")).containsOnly(all.get(0).header("X-S3Upload-Event-Id"));
        assertThat(all).allSatisfy(x -> assertThat(x.body).isEqualTo(all.get(0).body));
        assertThat(all).extracting(x -> x.header("X-S3Upload-Signature")).containsOnly(all.get(0).header("X-S3Upload-Signature"));
        assertThat(logger.at("WARN")).anyMatch(l -> l.contains("answered HTTP 500") && l.contains("retrying in"));
    }

    @Test
    void aReceiverThatIsDownGetsEveryEventInOrderWhenItComesBack() throws Exception {
        int port = WebhookReceiver.freePort();
        set("s3UploadWebhookUrl", "http://127.0.0.1:" + port + "/hook");
        startReady();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "show" + i + ".mp4";
            finish(name, 500 + i);
            awaitUploaded(i + 1);
            order.add(name);
        }
        Await.until("a failed delivery", () -> logger.at("WARN").stream().anyMatch(l -> l.contains("ConnectException")),
                logger::toString);
        assertThat(journalFiles()).hasSize(4);
        receiver = WebhookReceiver.on(port);
        awaitAccepted(4);
        List<WebhookReceiver.Delivery> got = receiver.accepted();
        assertThat(got).extracting(x -> x.json().get("key")).containsExactlyElementsOf(order);
        assertThat(got).extracting(x -> x.header("X-S3Upload-Event-Id")).doesNotHaveDuplicates();
        assertThat(receiver.deliveries()).hasSize(4);
    }

    @Test
    void aRefusedEventIsKeptAsDeadLetterAndTheNextIsDelivered() throws Exception {
        receiver = WebhookReceiver.start().answer(400);
        set("s3UploadWebhookUrl", receiver.url("/hook"));
        startReady();
        finish("first.mp4", 10);
        Await.until("the first is refused", () -> receiver.deliveries().size() == 1, logger::toString);
        finish("second.mp4", 20);
        awaitAccepted(1);
        assertThat(receiver.accepted().get(0).json()).containsEntry("key", "second.mp4");
        assertThat(receiver.deliveries()).hasSize(2);
        Path dead = journalDir().resolve("dead-letter");
        Await.until("a dead letter", () -> Files.isDirectory(dead), logger::toString);
        try (Stream<Path> s = Files.list(dead)) {
            List<Path> files = s.collect(Collectors.toList());
            assertThat(files).hasSize(1);
            assertThat(Files.readAllBytes(files.get(0))).isEqualTo(receiver.deliveries().get(0).body);
        }
        assertThat(logger.at("ERROR")).anyMatch(l -> l.contains("refused event") && l.contains("HTTP 400"));
    }

    @Test
    void aListenerNamedInThePropertiesHearsUploadsAndPermanentFailures() throws Exception {
        set("s3UploadListeners", CollectingListener.class.getName());
        startReady();
        Path ok = finish("ok.mp4", 5);
        Await.until("one event", () -> CollectingListener.EVENTS.size() >= 1, logger::toString);
        CompletionEvent up = CollectingListener.EVENTS.get(0);
        assertThat(up.type()).isEqualTo(CompletionEvent.Type.UPLOADED);
        assertThat(up.key()).contains("ok.mp4");
        assertThat(up.recording()).isEqualTo(ok.toString());
        assertThat(up.size()).isEqualTo(5);
        assertThat(up.checksum().get().kind()).isEqualTo(Checksum.Kind.MD5);
        // A file where the key needs a folder: the filesystem provider refuses the key for good.
        Files.write(bucket.resolve("blocked"), new byte[1]);
        Path blocked = finish("blocked/x.mp4", 7);
        Await.until("a failure event", () -> CollectingListener.EVENTS.size() >= 2, logger::toString);
        CompletionEvent failed = CollectingListener.EVENTS.get(1);
        assertThat(failed.type()).isEqualTo(CompletionEvent.Type.FAILED);
        assertThat(failed.recording()).isEqualTo(blocked.toString());
        assertThat(failed.reason()).hasValueSatisfying(r -> assertThat(r).contains("blocked"));
        assertThat(failed.id()).isNotEqualTo(up.id());
        assertThat(Files.exists(blocked)).as("a failed recording is kept").isTrue();
    }

    @Test
    void whenTheJournalCannotBeWrittenTheMarkerStaysAndTheEventComesAfterTheFix() throws Exception {
        receiver = WebhookReceiver.start();
        set("s3UploadWebhookUrl", receiver.url("/hook"));
        set("s3UploadDeleteOriginalFiles", "true");
        Path blocker = content.resolve(".s3upload-notifications");
        Files.write(blocker, new byte[0]); // a file where the journal's folder must be
        startReady();
        Path r = finish("held.mp4", 3_000);
        Await.until("the upload is proven and the event cannot be journalled",
                () -> logger.toString().contains("cannot open the notification journal")
                        && logger.at("WARN").stream().anyMatch(l -> l.contains("notification journal cannot be written")),
                logger::toString);
        assertThat(markers()).as("the marker is the only trace of the event: it stays").hasSize(1);
        module.onAppStop(app);
        module = null;
        Files.delete(blocker);
        startReady();
        awaitAccepted(1);
        assertThat(receiver.accepted().get(0).json()).containsEntry("key", "held.mp4").containsEntry("size", 3_000L)
                .containsEntry("recording", r.toString());
        Await.until("the marker is gone", () -> {
            try {
                return markers().isEmpty();
            } catch (Exception e) {
                return false;
            }
        }, logger::toString);
        assertThat(Files.exists(r)).as("deleted after the proof").isFalse();
    }

    @Test
    void aBadWebhookUrlIsAClearConfigurationProblemAndRecordingsStayJournalled() throws Exception {
        set("s3UploadWebhookUrl", "ftp://user:pw-secret@example.invalid/x");
        module = new ModuleS3Upload();
        module.onAppStart(app);
        Path r = finish("kept.mp4", 5);
        Await.until("an error", () -> !logger.at("ERROR").isEmpty(), logger::toString);
        assertThat(logger.at("ERROR").get(0)).contains("s3UploadWebhookUrl must be an http:// or https:// URL");
        assertThat(logger.toString()).doesNotContain("pw-secret");
        assertThat(Files.exists(r)).isTrue();
        assertThat(markers()).hasSize(1);
    }

    private Path journalDir() {
        return content.resolve(".s3upload-notifications").resolve("_defaultVHost_").resolve("live").resolve("_definst_");
    }

    private List<Path> journalFiles() throws Exception {
        try (Stream<Path> s = Files.list(journalDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    private List<Path> markers() throws Exception {
        try (Stream<Path> s = Files.walk(content)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".upload")).collect(Collectors.toList());
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
