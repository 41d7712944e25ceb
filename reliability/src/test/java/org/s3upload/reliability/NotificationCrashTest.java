package org.s3upload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.s3upload.internal.Json;
import org.s3upload.wowza.engine.Await;
import org.s3upload.wowza.host.Bucket;
import org.s3upload.wowza.host.WebhookReceiver;

/**
 * SIGKILL of a child JVM hosting the module (CrashChild, filesystem provider, delete-original,
 * a webhook to a real HTTP server on 127.0.0.1 in this JVM) between the proof of an upload and the
 * delivery of its notification: before the event is journalled ({@code upload:verified}), after
 * the local delete ({@code upload:local-deleted}), and after the event is journalled but before the
 * marker is deleted ({@code notify:journalled}). Then the module starts again in this JVM: every
 * recording is announced exactly once (the receiver counts by key), with the id journalled before
 * the kill where there was one, and the journal ends fully delivered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NotificationCrashTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"notify:journalled", "upload:verified", "upload:local-deleted"})
    void everyRecordingIsAnnouncedExactlyOnceAfterAKillBetweenProofAndDelivery(String point) throws Exception {
        Path root = Files.createDirectories(dir.resolve(point.replace(':', '-')));
        Path content = Files.createDirectories(root.resolve("content"));
        Path bucket = Files.createDirectories(root.resolve("bucket"));
        Map<String, byte[]> expected = new LinkedHashMap<>();
        Random random = new Random(point.hashCode());
        for (String name : new String[] {"cam0.mp4", "shows/cam1.flv"}) {
            byte[] data = new byte[1 + random.nextInt(20_000)];
            random.nextBytes(data);
            Path p = content.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, data);
            expected.put(name, data);
        }
        Path journal = content.resolve(".s3upload-notifications/_defaultVHost_/live/_definst_");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String url = receiver.url("/hook");
            String line = KillLoopTest.runAndKill(root, content, point + "@1", String.join(",", expected.keySet()),
                    List.of("-Dcrash.bucket=" + bucket, "-Dcrash.prop.s3UploadWebhookUrl=" + url,
                            "-Dcrash.prop.s3UploadWebhookSecret=crash-secret"));
            assertThat(line).as("the child was killed at " + point).startsWith("PAUSED");
            Map<String, String> journalledBeforeKill = idsByKey(journal);
            if (point.equals("notify:journalled")) {
                assertThat(journalledBeforeKill).as("the paused recording's event was journalled before the kill").isNotEmpty();
            }

            try (Host h = Host.filesystem(content, bucket)) {
                h.set("s3UploadDeleteOriginalFiles", "true").set("s3UploadVersionFile", "true")
                        .set("s3UploadWebhookUrl", url).set("s3UploadWebhookSecret", "crash-secret").start();
                Await.until("every recording uploaded and announced", () -> {
                    try {
                        return h.status() != null && h.status().idle() && h.markers().isEmpty()
                                && receiver.accepted().size() >= expected.size() && fullyDelivered(journal);
                    } catch (Exception e) {
                        return false;
                    }
                }, () -> receiver.deliveries() + "\n" + h.log + "\n" + KillLoopTest.childLogs(root));
                assertThat(h.log.at("ERROR")).isEmpty();
            }
            assertThat(Bucket.objects(bucket).keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            List<WebhookReceiver.Delivery> got = receiver.accepted();
            List<String> keys = new ArrayList<>();
            for (WebhookReceiver.Delivery d : got) {
                keys.add((String) d.json().get("key"));
                assertThat(d.header("X-S3Upload-Event-Id")).isEqualTo(d.json().get("id"));
            }
            assertThat(keys).as("each recording announced exactly once: " + got).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (WebhookReceiver.Delivery d : got) {
                String before = journalledBeforeKill.get((String) d.json().get("key"));
                if (before != null) {
                    assertThat(d.json().get("id")).as("the id journalled before the kill").isEqualTo(before);
                }
            }
        }
    }

    /** Key -> event id of every event file in the journal. */
    private static Map<String, String> idsByKey(Path journal) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isDirectory(journal)) {
            return out;
        }
        for (Path p : eventFiles(journal)) {
            Map<String, Object> json = Json.parseObject(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            out.put((String) json.get("key"), (String) json.get("id"));
        }
        return out;
    }

    private static List<Path> eventFiles(Path journal) throws Exception {
        try (Stream<Path> s = Files.list(journal)) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9]{20}-.*\\.json")).sorted().collect(Collectors.toList());
        }
    }

    /** The webhook's cursor has reached the newest event in the journal. */
    private static boolean fullyDelivered(Path journal) throws Exception {
        List<Path> events = eventFiles(journal);
        Path cursor = journal.resolve("delivered-webhook");
        if (events.isEmpty() || !Files.exists(cursor)) {
            return false;
        }
        String last = events.get(events.size() - 1).getFileName().toString().substring(0, 20);
        return Long.parseLong(new String(Files.readAllBytes(cursor), StandardCharsets.US_ASCII).trim()) == Long.parseLong(last);
    }
}
