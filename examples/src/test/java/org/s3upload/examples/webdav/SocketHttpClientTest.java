package org.s3upload.examples.webdav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.s3upload.api.Throttle;
import org.s3upload.spi.support.ThrottleGate;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written HTTP/1.1 client against scripted servers: what the JDK's HttpServer cannot imitate. */
class SocketHttpClientTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatRefusesBeforeContinueGetsNoBody() throws Exception {
        Path file = Files.write(dir.resolve("big.bin"), new byte[4 << 20]);
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Like Apache: authentication fails before the handler would read (and 100-continue) the body.
            CompletableFuture<List<String>> head = CompletableFuture.supplyAsync(() -> answer(ss,
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 12\r\n\r\nUnauthorized"));
            AtomicLong sent = new AtomicLong();
            HttpReply r = new SocketHttpClient(5000, 5000, "Basic eDp5").send(HttpCall
                    .of("PUT", URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/dav/big.bin"))
                    .file(file, 4 << 20, new ThrottleGate(Throttle.UNLIMITED), null, sent::set).build(), new CancelSwitch());
            assertThat(r.status).isEqualTo(401);
            assertThat(r.bodySnippet()).isEqualTo("Unauthorized");
            assertThat(sent.get()).as("body bytes sent").isZero();
            assertThat(head.get(10, TimeUnit.SECONDS)).contains("Expect: 100-continue", "Content-Length: 4194304");
        }
    }

    @Test
    void readsChunkedBodiesAndSkipsInterimResponses() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.supplyAsync(() -> answer(ss, "HTTP/1.1 102 Processing\r\n\r\n"
                    + "HTTP/1.1 207 Multi-Status\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n"));
            HttpReply r = new SocketHttpClient(5000, 5000, null).send(HttpCall
                    .of("PROPFIND", URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/dav/")).build(), new CancelSwitch());
            assertThat(r.status).isEqualTo(207);
            assertThat(new String(r.body, StandardCharsets.UTF_8)).isEqualTo("hello, world");
        }
    }

    /** Accepts one connection, reads the request head, writes {@code response} and closes. */
    private static List<String> answer(ServerSocket ss, String response) {
        try (Socket s = ss.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> head = new ArrayList<>();
            for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
                head.add(l);
            }
            OutputStream out = s.getOutputStream();
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
            return head;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
