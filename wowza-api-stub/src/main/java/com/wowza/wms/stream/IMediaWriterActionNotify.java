package com.wowza.wms.stream;

import java.io.File;
import java.util.Map;

/** Compile-only stand-in: Wowza calls this when a recording file is complete. */
public interface IMediaWriterActionNotify {
    void onWriteComplete(IMediaStream stream, File file);

    void onFLVAddMetadata(IMediaStream stream, Map<String, Object> extraMetadata);
}
