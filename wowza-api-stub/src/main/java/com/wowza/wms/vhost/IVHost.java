package com.wowza.wms.vhost;

/** Compile-only stand-in for Wowza's virtual host; the module reads only its name. */
public interface IVHost {
    String getName();
}
