package org.s3upload.examples.demo;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.s3upload.wowza.jmx.JmxRegistration;

/** --jmx: the module's MXBean read by name from the platform MBean server, as jconsole reads it. */
final class JmxView {
    private static final String[][] ATTRIBUTE_LINES = {
        {"State", "RecordingsPending", "RecordingsUploading", "RecordingsFailed", "RecordingsCompleted"},
        {"BytesSent", "CurrentBytesPerSecond", "OneMinuteBytesPerSecond", "OldestPendingAgeSeconds"},
        {"TargetFingerprint", "LastError"},
    };

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    JmxView(String vhost, String application, String instance) {
        this.name = JmxRegistration.nameOf(vhost, application, instance);
    }

    /** Where to find the bean. */
    List<String> announce() {
        List<String> lines = new ArrayList<>();
        lines.add("JMX: the module registered " + name);
        lines.add("  see it live with: jconsole " + ManagementFactory.getRuntimeMXBean().getName().split("@")[0]
                + "  (MBeans tab, org.s3upload); in Wowza, enable JMXRemoteConfiguration in Server.xml");
        return lines;
    }

    /** The attributes and the recordings table, as lines. */
    List<String> dump(String when) {
        List<String> lines = new ArrayList<>();
        lines.add("JMX view " + when + ":");
        try {
            for (String[] group : ATTRIBUTE_LINES) {
                StringBuilder sb = new StringBuilder(" ");
                for (String attribute : group) {
                    sb.append(' ').append(attribute).append('=').append(server.getAttribute(name, attribute));
                }
                lines.add(sb.toString());
            }
            CompositeData[] rows = (CompositeData[]) server.getAttribute(name, "Recordings");
            lines.add("  Recordings (" + rows.length + " not yet uploaded):");
            if (rows.length > 0) {
                lines.add(String.format(Locale.ROOT, "    %-34s %-10s %11s %11s %8s  %s", "name", "state", "bytesSent",
                        "size", "attempts", "nextAttempt / lastError"));
            }
            for (CompositeData r : rows) {
                lines.add(String.format(Locale.ROOT, "    %-34s %-10s %11d %11d %8d  %s", r.get("name"), r.get("state"),
                        (Long) r.get("bytesSent"), (Long) r.get("size"), (Integer) r.get("attempts"),
                        (r.get("nextAttempt") + " " + r.get("lastError")).trim()));
            }
        } catch (JMException | RuntimeException e) {
            lines.add("  (cannot read " + name + ": " + e + ")");
        }
        return lines;
    }
}
