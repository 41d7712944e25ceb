package com.wowza.wms.application;

/** Compile-only stand-in: an application (as configured in Application.xml). */
public interface IApplication {
    String getName();

    WMSProperties getProperties();
}
