package org.s3upload.wowza;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.s3upload.spi.notify.CompletionEvent;
import org.s3upload.spi.notify.CompletionListener;

/** A third-party listener as a test names it in s3UploadListeners: keeps every event it is told. */
public final class CollectingListener implements CompletionListener {
    static final List<CompletionEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(CompletionEvent event) {
        EVENTS.add(event);
    }
}
