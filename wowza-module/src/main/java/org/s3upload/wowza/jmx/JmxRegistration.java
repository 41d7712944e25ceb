package org.s3upload.wowza.jmx;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.s3upload.wowza.engine.UploadLog;

/**
 * The MXBean of one application instance in the platform MBean server (where Wowza's own beans
 * are, and what its JMX remote connector serves), from the application's start to its stop.
 * Registration never fails the start: a problem is one WARN, and the module runs without its bean.
 */
public final class JmxRegistration {
    public static final String DOMAIN = "org.s3upload";
    private static final String TYPE = "ModuleS3Upload";

    private final MBeanServer server;
    private final ObjectName name;

    private JmxRegistration(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** The bean's name: values quoted where JMX requires it (they may hold , = : " * ? or a newline). */
    public static ObjectName nameOf(String vhost, String application, String instance) {
        try {
            // Written in this order (a Hashtable would not keep it): jconsole's tree nests by it.
            return new ObjectName(DOMAIN + ":type=" + TYPE + ",vhost=" + value(vhost) + ",application=" + value(application)
                    + ",instance=" + value(instance));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("cannot name the JMX bean of " + vhost + "/" + application + "/" + instance
                    + ": " + e.getMessage(), e);
        }
    }

    private static String value(String v) {
        String s = v == null ? "" : v;
        for (char c : s.toCharArray()) {
            if (",=:\"*?\\\n".indexOf(c) >= 0) {
                return ObjectName.quote(s);
            }
        }
        return s;
    }

    /** Registers the bean; returns null (after one WARN) when it cannot be registered. */
    public static JmxRegistration register(String vhost, String application, String instance, UploadControls controls,
                                           UploadLog log) {
        ObjectName name = null;
        try {
            name = nameOf(vhost, application, instance);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new UploadsBean(controls), name);
            log.info("JMX: uploads are shown and steered as " + name);
            return new JmxRegistration(server, name);
        } catch (InstanceAlreadyExistsException e) {
            log.warn("JMX: " + name + " is registered already (is ModuleS3Upload listed twice in this application's"
                    + " modules?); this one uploads as usual but is not shown over JMX");
        } catch (JMException | RuntimeException | LinkageError e) {
            log.warn("JMX: cannot register the bean" + (name != null ? " " + name : "") + " (" + e
                    + "); uploads go on as usual, without JMX");
        }
        return null;
    }

    public ObjectName name() {
        return name;
    }

    /** Removes the bean (if it is still this registration's). */
    public void unregister(UploadLog log) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // removed already
        } catch (JMException | RuntimeException e) {
            log.warn("JMX: cannot unregister " + name + ": " + e);
        }
    }
}
