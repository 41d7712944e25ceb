package com.wowza.wms.stream;

/** Compile-only stand-in: the stream a recording was written from. */
public interface IMediaStream {
    String getName();

    String getContextStr();
}
