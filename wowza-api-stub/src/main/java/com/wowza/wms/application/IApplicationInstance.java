package com.wowza.wms.application;

import com.wowza.wms.stream.IMediaWriterActionNotify;
import com.wowza.wms.vhost.IVHost;

/** Compile-only stand-in for the members of Wowza's application instance that the module calls. */
public interface IApplicationInstance {
    String getName();

    String getContextStr();

    IApplication getApplication();

    WMSProperties getProperties();

    WMSProperties getStreamRecorderProperties();

    String getStreamStorageDir();

    IVHost getVHost();

    String decodeStorageDir(String path);

    int getApplicationInstanceTouchTimeout();

    void touch();

    void addMediaWriterListener(IMediaWriterActionNotify listener);

    void removeMediaWriterListener(IMediaWriterActionNotify listener);
}
