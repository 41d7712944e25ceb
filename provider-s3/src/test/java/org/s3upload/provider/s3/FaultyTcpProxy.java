package org.s3upload.provider.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the test S3 server that injects faults into the client-to-server
 * direction: it can cut a connection (close both ends) or stall it (swallow every further byte and
 * never answer) once that connection has carried a given number of bytes, a given number of times;
 * and it can throttle each connection's upload rate. Everything stays on 127.0.0.1.
 */
final class FaultyTcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    final AtomicInteger cutsLeft = new AtomicInteger();
    final AtomicInteger stallsLeft = new AtomicInteger();
    final AtomicInteger faultsInjected = new AtomicInteger();
    volatile long faultAfterBytes = 1 << 20;
    /** Upload bytes per second per connection; 0 for no limit. */
    volatile long bytesPerSecond;

    FaultyTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptLoop, "faulty-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or the server refused: the client sees a reset
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upload) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            long carried = 0;
            boolean stalled = false;
            long started = System.nanoTime();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (stalled) {
                        continue; // swallow: the client waits for an answer until its socket timeout
                    }
                    carried += n;
                    if (upload && carried >= faultAfterBytes) {
                        if (cutsLeft.getAndUpdate(c -> Math.max(0, c - 1)) > 0) {
                            faultsInjected.incrementAndGet();
                            closeQuietly(from);
                            closeQuietly(to);
                            return;
                        }
                        if (stallsLeft.getAndUpdate(c -> Math.max(0, c - 1)) > 0) {
                            faultsInjected.incrementAndGet();
                            stalled = true;
                            continue;
                        }
                    }
                    out.write(buf, 0, n);
                    long rate = bytesPerSecond;
                    if (upload && rate > 0) {
                        long dueNanos = carried * 1_000_000_000L / rate;
                        long sleep = (dueNanos - (System.nanoTime() - started)) / 1_000_000L;
                        if (sleep > 0) {
                            Thread.sleep(sleep);
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                // a side closed
            } finally {
                if (!stalled) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "faulty-proxy-" + (upload ? "up" : "down"));
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
