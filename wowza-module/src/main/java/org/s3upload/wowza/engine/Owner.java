package org.s3upload.wowza.engine;

/**
 * Which engine a marker belongs to: one Wowza application instance on one virtual host. Wowza
 * points every application at the same {@code content/} folder by default, so a folder can hold
 * the markers of several applications, each uploading to its own target; an engine takes only its
 * own, and those that name no owner (written by the original module or an earlier version of this
 * one), which it adopts by writing its id into them before it acts. Immutable.
 */
final class Owner {
    private final String id;

    Owner(String vhost, String application, String instance) {
        this.id = (vhost == null || vhost.isEmpty() ? "_defaultVHost_" : vhost) + "/" + nz(application) + "/" + nz(instance);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** What markers record, e.g. {@code _defaultVHost_/live/_definst_}. */
    String id() {
        return id;
    }

    /** True when the marker is this engine's to upload: its own, or one without an owner. */
    boolean mayTake(Marker m) {
        return m.owner() == null || id.equals(m.owner());
    }

    @Override
    public String toString() {
        return id;
    }
}
