package org.s3upload.wowza.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.s3upload.wowza.engine.Await;

/**
 * The module's MXBean over a real JMX remote connector, as a remote jconsole or a monitoring agent
 * sees it: an RMI registry and the RMI connector server on 127.0.0.1 (ephemeral ports), serving
 * the platform MBean server, as Wowza's own JMX remote configuration does.
 */
class RemoteJmxTest extends ModuleHostTestBase {
    private Registry registry;
    private JMXConnectorServer connectorServer;
    private JMXConnector client;
    private MBeanServerConnection remote;

    @BeforeAll
    static void loopbackStubs() {
        // Remote stubs name this host; on loopback only, every connection stays on 127.0.0.1.
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
    }

    @BeforeEach
    void connector() throws Exception {
        LoopbackSockets sockets = new LoopbackSockets();
        registry = LocateRegistry.createRegistry(0, null, sockets);
        int registryPort = sockets.lastPort;
        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, new LoopbackSockets());
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:0/jndi/rmi://127.0.0.1:" + registryPort + "/jmxrmi");
        connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(url, env, ManagementFactory.getPlatformMBeanServer());
        connectorServer.start();
        client = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + registryPort + "/jmxrmi"));
        remote = client.getMBeanServerConnection();
    }

    @AfterEach
    void closeConnector() throws Exception {
        if (client != null) {
            client.close();
        }
        if (connectorServer != null) {
            connectorServer.stop();
        }
        if (registry != null) {
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    @Test
    void attributesOperationsAndTheRecordingsTableWorkOverTheRemoteConnector() throws Exception {
        start();
        ModuleS3UploadMXBean bean = bean(remote);
        Await.until("registered and running", () -> attribute("State").equals("RUNNING"),
                logger::toString);
        assertThat(remote.getAttribute(name(), "TargetFingerprint")).isEqualTo(target.fingerprint());

        bean.pauseUploads();
        assertThat(remote.getAttribute(name(), "State")).isEqualTo("PAUSED");
        Path r = record("remote/r.mp4", 7000);
        app.finishRecording(r, "r");
        Await.until("r.mp4 pending in the table", () -> {
            CompositeData[] rows = (CompositeData[]) attribute("Recordings");
            return rows.length == 1 && rows[0].get("name").equals("remote/r.mp4") && rows[0].get("state").equals("QUEUED");
        }, logger::toString);
        assertThat(remote.getAttribute(name(), "RecordingsPending")).isEqualTo(1);
        assertThat(r.resolveSibling("r.mp4.upload")).exists();
        assertThat(store.objects()).isEmpty();

        remote.invoke(name(), "resumeUploads", null, null);
        Await.until("r.mp4 completed", () -> ((Long) attribute("RecordingsCompleted")) == 1,
                logger::toString);
        assertThat((CompositeData[]) remote.getAttribute(name(), "Recordings")).isEmpty();
        assertThat(remote.getAttribute(name(), "BytesSent")).isEqualTo(7000L);
        assertThat(store.objects().get("remote/r.mp4")).isEqualTo(Files.readAllBytes(r));

        assertThatThrownBy(() -> bean.retry("remote/nosuch.mp4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'remote/nosuch.mp4'");
        assertThat(bean.retryFailed()).isEqualTo("0 failed recording(s) queued again");
        module.onAppStop(app);
        module = null;
        assertThat(remote.isRegistered(name())).isFalse();
    }

    /** An attribute read over the connector (an Await condition cannot throw checked exceptions). */
    private Object attribute(String attribute) {
        try {
            return remote.getAttribute(name(), attribute);
        } catch (Exception e) {
            throw new IllegalStateException("reading " + attribute + " of " + name() + " over JMX failed: " + e, e);
        }
    }

    /** Server sockets on 127.0.0.1 only; remembers the port of the last one (the registry's ephemeral port). */
    static final class LoopbackSockets implements RMIServerSocketFactory, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        volatile int lastPort;

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            lastPort = s.getLocalPort();
            return s;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LoopbackSockets;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
